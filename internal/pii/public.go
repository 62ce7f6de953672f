package pii

// The lists in this file are public contact points that practitioners quote
// every day and that must never be flagged. They are kept short and as data,
// so that adding one is a one-line change reviewed on its own; the check's
// shape rules already pass most of them (short numbers, freephone and
// non-geographic lines), and the lists catch the rest and document the
// promise. The tests format every entry in several spellings and expect no
// finding.

// publicLine is a public service telephone line.
type publicLine struct {
	Name   string
	Number string // national form, digits only
}

// publicLines are the service lines a post may quote freely.
var publicLines = []publicLine{
	{"Emergency services", "999"},
	{"Emergency services (European number)", "112"},
	{"Police non-emergency", "101"},
	{"NHS 111", "111"},
	{"Samaritans", "116123"},
	{"Modern Slavery and Exploitation Helpline", "08000121700"},
	{"Salvation Army adult victim referral line", "08008083733"},
	{"Crimestoppers", "08005551111"},
	{"Childline", "08001111"},
	{"National Domestic Abuse Helpline", "08082000247"},
	{"Migrant Help asylum helpline", "08088010503"},
	{"Home Office public enquiries", "02070354848"},
}

// isPublicLine reports whether the national-form digits belong to a public
// service line.
func isPublicLine(digits string) bool {
	for _, l := range publicLines {
		if l.Number == digits {
			return true
		}
	}
	return false
}

// publicHandles are organisations' social-media handles (lower case,
// without the "@"), which practitioners point each other to.
var publicHandles = map[string]bool{
	"homeoffice":      true,
	"ukhomeoffice":    true,
	"salvationarmyuk": true,
	"nca_uk":          true,
	"metpoliceuk":     true,
	"crimestoppersuk": true,
	"antislavery":     true,
	"unseenuk":        true,
	"hopeforjustice":  true,
	"migranthelp":     true,
	"nhsengland":      true,
	"citizensadvice":  true,
	"refugeecouncil":  true,
	"samaritans":      true,
	"nspcc":           true,
	"barnardos":       true,
	"childline":       true,
	"britishredcross": true,
	"unhcr":           true,
	"unhcruk":         true,
	"ecpatuk":         true,
}

// publicAddresses are street addresses of public buildings (government
// departments, the Home Office's public counters) that a post may name.
// They are matched on the house number and street, in any case.
var publicAddresses = []string{
	"10 Downing Street",
	"2 Marsham Street",
	"40 Wellesley Road",
}
