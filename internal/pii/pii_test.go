package pii

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// The phone numbers below come from Ofcom's ranges reserved for drama
// (07700 900xxx, 020 7946 0xxx, 0113/0117/0161 496 0xxx, 028 9649 6xxx), the
// e-mail domains are the reserved example domains, and the names are made
// up, so that nothing in this file is anyone's real data.

// mustFlag lists sentences from practice, the kind each must produce and
// the exact text the finding must cover.
var mustFlag = []struct {
	text string
	kind Kind
	want string
}{
	// E-mail addresses.
	{"You can reach her caseworker at amina.k@example.org if the GP needs more.", Email, "amina.k@example.org"},
	{"Her personal address is jbloggs1988@example.com, please don't share it.", Email, "jbloggs1988@example.com"},
	{"Forwarded from m.popescu+housing@example.co.uk yesterday.", Email, "m.popescu+housing@example.co.uk"},
	{"The form says (EMAIL: T.NGUYEN@EXAMPLE.NET) in capitals.", Email, "T.NGUYEN@EXAMPLE.NET"},
	{"Her ex-employer wrote from recruit_jobs-uk@example.net.", Email, "recruit_jobs-uk@example.net"},

	// UK phone numbers.
	{"He gave me his mobile, 07700 900123, in case the safe house moves him.", Phone, "07700 900123"},
	{"Her sister's number is +44 7700 900456 but she is rarely in credit.", Phone, "+44 7700 900456"},
	{"The landlord rang from (020) 7946 0958 twice this week.", Phone, "(020) 7946 0958"},
	{"Call the night worker on 0161-496-0000 after 6.", Phone, "0161-496-0000"},
	{"Family in Romania call him on 0044 20 7946 0018.", Phone, "0044 20 7946 0018"},
	{"The hotel's direct line is +44 (0)113 496 0123.", Phone, "+44 (0)113 496 0123"},
	{"Text 07700900789 if you need the key code.", Phone, "07700900789"},
	{"Contact: 0117 496 0555.", Phone, "0117 496 0555"},
	{"Tel 028 9649 6123 (her aunt in Belfast).", Phone, "028 9649 6123"},
	{"His old number was +447700900321, now disconnected.", Phone, "+447700900321"},
	{"She answers on 07700-900-654 most evenings.", Phone, "07700-900-654"},
	{"The gangmaster used 020 7946 0321 for the agency.", Phone, "020 7946 0321"},
	{"Tel.07700 900321 (mum's phone).", Phone, "07700 900321"},

	// UK postcodes.
	{"She is placed at a property in SW1A 1AA with two other women.", Postcode, "SW1A 1AA"},
	{"The flat was near m1 1ae, above the car wash.", Postcode, "m1 1ae"},
	{"He was found working at a nail bar at B338TH.", Postcode, "B338TH"},
	{"Post the letter to EC1A1BB marked private.", Postcode, "EC1A1BB"},
	{"The old Girobank code GIR 0AA still turns up in test data.", Postcode, "GIR 0AA"},
	{"Moved to a dispersal address, LS1 4AP, on Friday.", Postcode, "LS1 4AP"},
	{"The car wash is on the ring road, CF10 1EP.", Postcode, "CF10 1EP"},
	{"Address given as 14 Acacia Avenue, W1A 0AX.", Postcode, "W1A 0AX"},

	// National Insurance numbers.
	{"Her NI number is AB 12 34 56 C and DWP have it already.", NINumber, "AB 12 34 56 C"},
	{"NINO: JT123456A.", NINumber, "JT123456A"},
	{"He was working under someone else's NI, ZY 98 76 54 D.", NINumber, "ZY 98 76 54 D"},
	{"Payslips show ce 11 22 33 b as the insurance number.", NINumber, "ce 11 22 33 b"},
	{"NI no. OA 123456 B on the P45.", NINumber, "OA 123456 B"},

	// NHS numbers.
	{"GP confirmed her NHS number is 943 476 5919.", NHSNumber, "943 476 5919"},
	{"NHS no. 4010232137 on the discharge letter.", NHSNumber, "4010232137"},
	{"The hospital wrote 996-030-8243 on the wristband.", NHSNumber, "996-030-8243"},
	{"Registered with the practice, NHS 628 194 8211.", NHSNumber, "628 194 8211"},

	// Home Office references.
	{"UAN 1234-5678-9012-3456 is on the acknowledgement letter.", HomeOfficeRef, "1234-5678-9012-3456"},
	{"Her visa application was GWF012345678 from Lagos.", HomeOfficeRef, "GWF012345678"},
	{"The Home Office ref is H1234567 and the caseworker knows.", HomeOfficeRef, "H1234567"},
	{"HO ref: B7654321/002 on the bail form.", HomeOfficeRef, "B7654321/002"},
	{"Reference K2345678 is on the asylum interview letter.", HomeOfficeRef, "K2345678"},
	{"The embassy quoted gwf 98765432 over the phone.", HomeOfficeRef, "gwf 98765432"},

	// Biometric residence permits.
	{"Her BRP is ZU1234567 but it expires next month.", BRP, "ZU1234567"},
	{"Biometric residence permit RF9876543 was lost in the raid.", BRP, "RF9876543"},
	{"Card number ZX1234567 is on the front.", BRP, "ZX1234567"},
	{"The photocopy showed ZR0123456 in the top corner.", BRP, "ZR0123456"},
	{"Residence permit number AB1234567 (he thinks).", BRP, "AB1234567"},
	{"BRP card: ZUX123456.", BRP, "ZUX123456"},

	// Dates of birth.
	{"DOB 12/03/1990, Albanian national.", DateOfBirth, "12/03/1990"},
	{"She was born on 3 March 1988 in Vlorë.", DateOfBirth, "3 March 1988"},
	{"Date of birth: 1990-03-12 (disputed by the council).", DateOfBirth, "1990-03-12"},
	{"He says he was born 12.3.90 but has no papers.", DateOfBirth, "12.3.90"},
	{"D.O.B. 01/02/2005 – age assessment pending.", DateOfBirth, "01/02/2005"},
	{"Client d.o.b 5th June 2006, UASC.", DateOfBirth, "5th June 2006"},
	{"She told me she was born on the 3rd of March, 1988.", DateOfBirth, "3rd of March, 1988"},
	{"Her birthday is 14 February so we planned a small party.", DateOfBirth, "14 February"},
	{"Young person aged 17 (DOB 21-11-2007) placed in a hotel.", DateOfBirth, "21-11-2007"},
	{"His date of birth is March 4, 1999 according to the passport.", DateOfBirth, "March 4, 1999"},
	{"She was born in June 2004 in Hanoi.", DateOfBirth, "June 2004"},
	{"DOB: 7 Sept 2001.", DateOfBirth, "7 Sept 2001"},
	{"The young person's birth date was recorded as 01/01/2006 by the Home Office.", DateOfBirth, "01/01/2006"},
	{"He was born in Eritrea on 1 January 2005.", DateOfBirth, "1 January 2005"},
	{"Born in Ho Chi Minh City on 3 May 2004, she came via France.", DateOfBirth, "3 May 2004"},

	// NRM and SCA case references.
	{"NRM ref 123456 has been with the SCA for 14 months.", CaseRef, "123456"},
	{"NRM reference: NRM-2024-0012345", CaseRef, "NRM-2024-0012345"},
	{"SCA case number 12345678 – reasonable grounds in March.", CaseRef, "12345678"},
	{"The competent authority reference is CA/123456.", CaseRef, "CA/123456"},
	{"IECA ref no. 20240513 came through this morning.", CaseRef, "20240513"},
	{"NRM referral number NR12345 was sent on Friday.", CaseRef, "NR12345"},

	// Titles followed by names.
	{"I met Mrs Popescu at the drop-in.", TitledName, "Mrs Popescu"},
	{"Mr. Ali was moved to a hotel.", TitledName, "Mr. Ali"},
	{"Dr Amara Okafor did the medico-legal report.", TitledName, "Dr Amara Okafor"},
	{"Ms O'Neill from the council will attend.", TitledName, "Ms O'Neill"},
	{"Mr Nguyen-Tran signed the tenancy.", TitledName, "Mr Nguyen-Tran"},
	{"Mx Kowalczyk is the new support worker for the family.", TitledName, "Mx Kowalczyk"},
	{"Prof. Adeyemi wrote the expert report.", TitledName, "Prof. Adeyemi"},
	{"Miss Hoxha asked for a female interpreter.", TitledName, "Miss Hoxha"},
	{"The boy, Master Rahimi, started school on Monday.", TitledName, "Master Rahimi"},
	{"Mr J. Smith was the employer named in the statement.", TitledName, "Mr J. Smith"},
	{"Spoke to Mrs Ştefănescu about the move.", TitledName, "Mrs Ştefănescu"},
	{"Mr Ali's room is on the second floor.", TitledName, "Mr Ali"},
	{"Dame Eleanor Marsh visited the project.", TitledName, "Dame Eleanor Marsh"},
	{"The car wash is run by Mr McAllister and his son.", TitledName, "Mr McAllister"},
	{"Her letter was signed Mrs\u00a0Hoxha, with a no-break space.", TitledName, "Mrs\u00a0Hoxha"},
	{"MRS POPESCU attended with her son.", TitledName, "MRS POPESCU"},
	{"CLIENT: MR ARDIT KRASNIQI (ALBANIAN)", TitledName, "MR ARDIT KRASNIQI"},

	// Other spellings of the kinds above.
	{"NHS number 943-476-5919 on the letter.", NHSNumber, "943-476-5919"},
	{"She was born on the third of March 1998.", DateOfBirth, "third of March 1998"},
	{"Born March the 9th, 2000, in Durrës.", DateOfBirth, "March the 9th, 2000"},
	{"DOB 3rd Mar 98.", DateOfBirth, "3rd Mar 98"},
	{"d.o.b. twenty-first of June 2006", DateOfBirth, "twenty-first of June 2006"},
	{"She turns 18 on 4 May, so the plan changes.", DateOfBirth, "4 May"},
	{"His birthday's 12th June.", DateOfBirth, "12th June"},
	{"Call +44 (0) 7700 900123 after six.", Phone, "+44 (0) 7700 900123"},
	{"The sister is on (0161) 496 0398.", Phone, "(0161) 496 0398"},
	{"Postcode sw9 8lb on the letter.", Postcode, "sw9 8lb"},

	// Street addresses.
	{"She is staying at 14 Acacia Avenue with a friend.", StreetAddress, "14 Acacia Avenue"},
	{"New address is Flat 3, 27 Victoria Street, above the bakery.", StreetAddress, "Flat 3, 27 Victoria Street"},
	{"Moved to 12-14 St Mary's Road last week.", StreetAddress, "12-14 St Mary's Road"},
	{"HOME ADDRESS: 27A HIGH STREET.", StreetAddress, "27A HIGH STREET"},
	{"She'd been kept at 3 The Crescent for two years.", StreetAddress, "3 The Crescent"},
	{"flat 2b 118 Church Road is the one.", StreetAddress, "flat 2b 118 Church Road"},
	{"The girls were found at 27 Albert Rd.", StreetAddress, "27 Albert Rd"},

	// Passport and identity card numbers.
	{"Her passport number is 538201746 and the solicitor has a copy.", Passport, "538201746"},
	{"Albanian passport BF2293711 is still held by the employer.", Passport, "BF2293711"},
	{"Passport no. 671305829, expired 2022.", Passport, "671305829"},
	{"The ID card number RO4417265 is on the copy.", Passport, "RO4417265"},

	// Bank details: both numbers of the pair, or an IBAN.
	{"Sort code 20-45-77, account 41206639 – her wages.", BankDetails, "20-45-77"},
	{"Sort code 20-45-77, account 41206639 – her wages.", BankDetails, "41206639"},
	{"a/c 8841 2093, s/c 11 22 49", BankDetails, "8841 2093"},
	{"Sort code: 204577, acc 41206639", BankDetails, "204577"},
	{"IBAN GB29 NWBK 6016 1331 9268 19 was on the contract.", BankDetails, "GB29 NWBK 6016 1331 9268 19"},
	{"They sent money home via GB82WEST12345698765432.", BankDetails, "GB82WEST12345698765432"},

	// Social-media handles.
	{"She posts as @lily.rose_99 on TikTok.", SocialHandle, "@lily.rose_99"},
	{"Her Instagram is mira.k2002, set to private now.", SocialHandle, "mira.k2002"},
	{"The trafficker goes by Bossman on Telegram.", SocialHandle, "Bossman"},
	{"Snapchat username: kasia_xo_01.", SocialHandle, "kasia_xo_01"},
	{"Profile link: https://www.instagram.com/elira.m_95 (private)", SocialHandle, "https://www.instagram.com/elira.m_95"},
	{"The advert: facebook.com/profile.php?id=100067812345", SocialHandle, "facebook.com/profile.php?id=100067812345"},

	// Vehicle registrations.
	{"The white van, reg LK19 XHT, picks them up at 5am.", VehicleReg, "LK19 XHT"},
	{"Van reg: FN14ABX.", VehicleReg, "FN14ABX"},
	{"An old Transit van, R472 KLD, was used for the runs.", VehicleReg, "R472 KLD"},
}

// mustNotFlag lists ordinary practitioner prose that must produce no
// finding at all: the check must not cry wolf.
var mustNotFlag = []string{
	"The NRM decision came back positive after 14 months.",
	"Reasonable grounds were given in 2019 and conclusive grounds in 2021.",
	"She gets £45 a week in asylum support.",
	"The rent arrears are £1,250.00 and the council will not help.",
	"Meeting at 14:30 in room 12, then the 38 bus back.",
	"We start at 9am and finish by 5.30pm.",
	"Around 12345 people were referred last year.",
	"The order 07700 was cancelled.",
	"Please quote reference 0123 when you call.",
	"ISBN 978-0-14-103614-4 is the edition we use in ESOL.",
	"The old ISBN 0-14-103614-4 is on the back cover.",
	"Ten-digit number 1234567890 from the old case system.",
	"Ten-digit 9434765918 fails the check.",
	"Twelve digits 123456789012 from the old system.",
	"Postcode area AB12 covers much of Aberdeen.",
	"The M1 was closed so we took the A1.",
	"The kids love the Mr Men books.",
	"We watched Little Miss Sunshine on film night.",
	"The younger one reads Little Miss Chatterbox every night.",
	"He's obsessed with Dr Who and wants the scarf.",
	"There is a Doctor Who marathon on Saturday.",
	"Mr Blobby came up in the quiz, long story.",
	"Miss a meeting and the SCA will not wait.",
	"Miss Saigon is on at the Palace.",
	"She asked for a pair of Dr Martens for the winter.",
	"Mr Bean is the only thing that makes him laugh.",
	"Mr Motivator workouts in the common room on Fridays.",
	"Section 17 support was refused by the local authority.",
	"The 2015 Act sets out the s.45 defence.",
	"Under s.49 the statutory guidance applies.",
	"The hearing is on 12/03/2026 at Taylor House.",
	"Deadline 31/01/2025 for the pre-action letter.",
	"The bail address, approved on 12 March, fell through.",
	"Ward 7 has four beds; she is in bed 3.",
	"Case 5 in the training pack is about county lines.",
	"The Modern Slavery Helpline is 08000 121 700.",
	"The Salvation Army referral line is 0800 808 3733.",
	"The council's switchboard is 0300 123 4567.",
	"Call 111 or 999 in an emergency.",
	"GP registration took 3 weeks; ESOL classes are Tuesdays 10-12.",
	"About 60% of referrals were adults.",
	"We had 17,004 NRM referrals in 2023.",
	"The NRM case took 540 days.",
	"SCA case numbers were 12345 last year.",
	"NRM referral date 12/03/2024 is in the file.",
	"Mr X said the employer took his passport.",
	"Ms A and Mr B shared a room.",
	"Mr A Mrs B Dr C were all on the rota.",
	"She has been in the UK since 2016, aged 14 at the time.",
	"Born in Albania, she arrived in 2017.",
	"She was born in 1990.",
	"DOB unknown; age assessment booked for 12/04/2024.",
	"Her son was born after she arrived, in 2021.",
	"DOB and NI number were both requested by the landlord.",
	"Aged between 18 and 25, most were men.",
	"Flat 3, room 12B, is the one with the damp.",
	"Flat B2 2nd floor has the damp problem.",
	"The 2023 statistics show 4,500 duty to notify reports.",
	"Universal Credit is £393.45 a month for a single claimant.",
	"The Nationality and Borders Act 2022 changed the PIP rules.",
	"Article 4 ECAT and Article 8 ECHR were both argued.",
	"Her daughter is in Year 9 at the local school.",
	"Call between 10:00 and 12:00 on weekdays.",
	"The survey had 1,200 responses and 35 follow-ups.",
	"The miss on the NRM form was the date.",
	"The Mrs of the house did the cooking, apparently.",
	"Phone number withheld, called at 07:45.",
	"The 020 area code is London.",
	"Room 0123 at the council offices.",
	"Version 1.2.3 of the form is out of date.",
	"Pages 10-12 of the statutory guidance.",
	"Form RM1 and form IS.96 are in the pack.",
	"The number 7 bus goes past the Home Office in Croydon.",
	"He earned £3.50 an hour at the car wash.",
	"In 2019, 10,627 potential victims were referred.",
	"We rang the Home Office on Tuesday about the ref.",
	"Use @HomeOffice on Twitter, or meet @ 3 in reception.",
	"The ratio was 3:1 and the score 45/100.",
	"Staff ID badge 1234 is needed for the building.",
	"Block A1, floor 2B, has the interview rooms.",
	"Coordinates 51.5072, -0.1276 are central London.",
	"Order number A123456 from the charity shop.",
	"She was in Ward 12 at the hospital on the 3rd floor.",
	"In the 1990s she worked in a factory.",
	"SCA reasonable grounds decision took 42 days.",
	"Dr. appointment at 3pm, then the jobcentre.",
	"Section 20 accommodation for under 18s.",
	"The Modern Slavery Act 2015 section 52 duty to notify applies.",
	"0.5% of 2,000,000 is 10,000.",
	"Her shift ran 06:00-18:00, 6 days a week, for £200.",
	"Between 2017-2019 the referrals doubled.",
	"The MS Teams call is at 10.",
	"I think Mr and Mrs are old-fashioned in letters.",
	"She was aged 14 on 3 March 2016 when she was brought to the UK.",
	"Born and raised in Leeds, he moved south on 12/03/2019.",
	"Item H1234567 from the catalogue arrived.",
	"Flight BA1234567 landed at Gatwick.",
	"Dr Barnardo's runs the leaving-care service.",
	"The decimal 3.9434765919 came from a spreadsheet.",
	"Mr Justice Knowles gave judgment in the Court of Appeal.",
	"MR JUSTICE KNOWLES is listed for the hearing.",
	"Several of the men are from DR Congo.",
	"PLEASE DON'T MISS APPOINTMENTS AT THE REPORTING CENTRE.",
	"Mrs Brown's Boys is her favourite show.",
	"The protest was outside 10 Downing Street.",
	"She had 2 Crown Court hearings before the CPS dropped it.",
	"Junction 27 of the M62 is where the car wash is.",
	"Meeting in Room 4, then Form 1A for the hardship fund.",
	"The 38 bus goes right past the drop-in on Victoria Street.",
	"His passport was taken by the employer in 2019.",
	"Her passport has been held for 14 months by the agency.",
	"Order 12345678 was dated 12-03-90 on the receipt.",
	"Sort code and account number must match the name.",
	"Use @HomeOffice on Twitter for the announcements.",
	"Check facebook.com/groups for the survivor network page.",
	"She posts as anonymous in the support group.",
	"He goes by bus to the reporting centre.",
	"The M62 was closed so the van took the A1 instead.",
	"Her son turns 5 next month.",
	"She was aged 14 on 3 March 2016 when she was brought here.",
}

func TestMustFlag(t *testing.T) {
	for _, c := range mustFlag {
		t.Run(c.want, func(t *testing.T) {
			fs := Check(c.text)
			for _, f := range fs {
				if f.Kind == c.kind && c.text[f.Start:f.End] == c.want {
					return
				}
			}
			t.Errorf("Check(%q) = %s, want %s %q", c.text, describe(c.text, fs), c.kind, c.want)
		})
	}
}

func TestMustNotFlag(t *testing.T) {
	for _, text := range mustNotFlag {
		if fs := Check(text); len(fs) != 0 {
			t.Errorf("Check(%q) = %s, want nothing", text, describe(text, fs))
		}
	}
}

func TestCaseCounts(t *testing.T) {
	if len(mustFlag) < 60 || len(mustNotFlag) < 60 {
		t.Errorf("have %d must-flag and %d must-not-flag cases, want at least 60 of each", len(mustFlag), len(mustNotFlag))
	}
}

// describe renders findings for failure messages.
func describe(text string, fs []Finding) string {
	var parts []string
	for _, f := range fs {
		parts = append(parts, fmt.Sprintf("%s %q", f.Kind, text[f.Start:f.End]))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// post is a realistic forum post, about 2 KB, mixing ordinary prose with
// several kinds of personal data. The benchmark and the ordering test use it.
const post = `Hi all, looking for advice on a tricky one. I'm supporting a young woman (Mrs Popescu, DOB 12/03/1990) who was referred into the NRM in 2023. Her NRM ref 123456 has been with the SCA for 14 months now and there is still no conclusive grounds decision. She was placed in a safe house in SW1A 1AA but the lease ends on 31/05/2026, so housing options are urgent.

Her GP registration went through last week; NHS number is 943 476 5919 if anyone at the practice needs it (I know, I shouldn't post that). Her mobile is 07700 900123 and her e-mail is a.popescu@example.org. The Home Office ref is H1234567 and she has a BRP, ZU1234567, which expires in the autumn. NI number AB 12 34 56 C was issued in 2024.

Things we've tried so far: a Section 17 assessment (refused), an approach to the council's homelessness team (they said she isn't in priority need), and a referral to the local Salvation Army service on 0800 808 3733. ESOL classes are Tuesdays and Thursdays 10-12, and she's been going to every session. She gets £49.18 a week in support and the bus pass covers the 38 and the 73. Dr Amara Okafor wrote a medico-legal report last spring, which helped with the reasonable grounds decision.

The hearing is on 12/03/2026 at Taylor House. Her solicitor (Ms O'Neill at a firm in Manchester, 0161 496 0000) thinks the s.45 defence under the 2015 Act is strong. Has anyone had success getting a council to accept a duty under the Care Act where the survivor has ongoing mental health needs? About 60% of the people we support have needed this. The kids love the Mr Men books we got donated, by the way, and Little Miss Sunshine was a hit on film night.

She is doing well otherwise: she has started volunteering at a community kitchen two mornings a week and is on the waiting list for counselling through the GP.

Any pointers welcome, including templates for letters to the council, and anything on how long the SCA has been taking for conclusive grounds this year.
`

func TestPostFindings(t *testing.T) {
	want := []struct {
		kind Kind
		text string
	}{
		{TitledName, "Mrs Popescu"},
		{DateOfBirth, "12/03/1990"},
		{CaseRef, "123456"},
		{Postcode, "SW1A 1AA"},
		{NHSNumber, "943 476 5919"},
		{Phone, "07700 900123"},
		{Email, "a.popescu@example.org"},
		{HomeOfficeRef, "H1234567"},
		{BRP, "ZU1234567"},
		{NINumber, "AB 12 34 56 C"},
		{TitledName, "Dr Amara Okafor"},
		{TitledName, "Ms O'Neill"},
		{Phone, "0161 496 0000"},
	}
	fs := Check(post)
	if len(fs) != len(want) {
		t.Fatalf("Check(post) = %s, want %d findings", describe(post, fs), len(want))
	}
	for i, w := range want {
		if fs[i].Kind != w.kind || post[fs[i].Start:fs[i].End] != w.text {
			t.Errorf("finding %d = %s %q, want %s %q", i, fs[i].Kind, post[fs[i].Start:fs[i].End], w.kind, w.text)
		}
	}
}

// checkInvariants is what every caller relies on: spans inside the text, on
// character boundaries, sorted and not overlapping, with words for people.
func checkInvariants(t *testing.T, text string, fs []Finding) {
	t.Helper()
	prevEnd := 0
	for i, f := range fs {
		if f.Start < 0 || f.Start >= f.End || f.End > len(text) {
			t.Fatalf("finding %d has span [%d,%d) in text of %d bytes", i, f.Start, f.End, len(text))
		}
		if !utf8.RuneStart(text[f.Start]) || (f.End < len(text) && !utf8.RuneStart(text[f.End])) {
			t.Fatalf("finding %d [%d,%d) splits a character in %q", i, f.Start, f.End, text)
		}
		if f.Start < prevEnd {
			t.Fatalf("finding %d [%d,%d) overlaps or precedes the one before (ending %d)", i, f.Start, f.End, prevEnd)
		}
		prevEnd = f.End
		if f.Label == "" || !strings.HasSuffix(f.Explanation, ".") {
			t.Fatalf("finding %d has label %q and explanation %q", i, f.Label, f.Explanation)
		}
	}
}

func TestSortedAndNonOverlapping(t *testing.T) {
	texts := []string{post, strings.Repeat(post, 3)}
	for _, c := range mustFlag {
		texts = append(texts, c.text)
	}
	texts = append(texts, strings.Join(mustNotFlag, " "))
	for _, text := range texts {
		checkInvariants(t, text, Check(text))
	}
}

func TestOverlapKeepsLongerOrMoreSpecific(t *testing.T) {
	cases := []struct {
		text string
		kind Kind
		want string
	}{
		// The postcode-like local part is inside a longer e-mail address.
		{"Write to sw1a1aa@example.com today.", Email, "sw1a1aa@example.com"},
		// Same span as a case reference: the NHS check digit is more specific.
		{"NRM ref 9434765919 is her NHS number too.", NHSNumber, "9434765919"},
		// A date of birth found by two triggers is reported once.
		{"aged 17 (DOB 21-11-2007)", DateOfBirth, "21-11-2007"},
	}
	for _, c := range cases {
		fs := Check(c.text)
		if len(fs) != 1 || fs[0].Kind != c.kind || c.text[fs[0].Start:fs[0].End] != c.want {
			t.Errorf("Check(%q) = %s, want only %s %q", c.text, describe(c.text, fs), c.kind, c.want)
		}
	}
}

func TestCheckEmpty(t *testing.T) {
	if fs := Check(""); fs != nil {
		t.Errorf("Check(\"\") = %v, want nil", fs)
	}
}

func TestRedact(t *testing.T) {
	text := "Mrs Popescu (DOB 12/03/1990) is on 07700 900123, e-mail a.p@example.org."
	want := "[redacted] (DOB [redacted]) is on [redacted], e-mail [redacted]."
	if got := Redact(text, Check(text)); got != want {
		t.Errorf("Redact = %q, want %q", got, want)
	}

	// Exactly the spans, nothing else, for the whole post.
	fs := Check(post)
	got := Redact(post, fs)
	if n := strings.Count(got, "[redacted]"); n != len(fs) {
		t.Errorf("Redact(post) has %d markers, want %d", n, len(fs))
	}
	rest := post
	for i := len(fs) - 1; i >= 0; i-- {
		rest = rest[:fs[i].Start] + "[redacted]" + rest[fs[i].End:]
	}
	if got != rest {
		t.Errorf("Redact(post) differs from replacing the spans by hand")
	}

	// Invalid spans are ignored, order does not matter, nothing panics.
	hello := "héllo world"
	bad := []Finding{
		{Start: 7, End: 12},  // "world": valid
		{Start: -1, End: 3},  // before the text
		{Start: 3, End: 99},  // past the end
		{Start: 4, End: 4},   // empty
		{Start: 2, End: 5},   // starts inside "é"
		{Start: 1, End: 2},   // ends inside "é"
		{Start: 9, End: 11},  // overlaps "world"
		{Start: 0, End: 1},   // valid, out of order
		{Start: 5, End: 3},   // backwards
		{Start: 12, End: 13}, // past the end
	}
	if got, want := Redact(hello, bad), "[redacted]éllo [redacted]"; got != want {
		t.Errorf("Redact with invalid spans = %q, want %q", got, want)
	}
	if got := Redact(hello, nil); got != hello {
		t.Errorf("Redact with no findings = %q, want the text unchanged", got)
	}
}

func TestNHSCheckDigit(t *testing.T) {
	valid := []string{
		"9434765919", "4010232137", "9960308243", "6281948211", "9935181901",
		"9378657974", "5432319489", "5559797111", "5075291708", "7684268465",
	}
	invalid := []string{
		"9434765918", // wrong check digit
		"4010232138", // wrong check digit
		"6589481130", // check digit would be 10
		"4003761430", // check digit would be 10
		"6537056560", // check digit would be 10
		"1234567890", // check digit would be 10
		"0000000000", // passes the sum, never issued
		"4444444444", // passes the sum, never issued
		"943476591",  // nine digits
		"94347659190",
		"94347659a9",
	}
	for _, d := range valid {
		if !nhsCheckDigitValid(d) {
			t.Errorf("nhsCheckDigitValid(%q) = false, want true", d)
		}
		spaced := d[:3] + " " + d[3:6] + " " + d[6:]
		if fs := Check("NHS " + spaced); len(fs) != 1 || fs[0].Kind != NHSNumber {
			t.Errorf("Check(%q) = %v, want one NHS number", spaced, fs)
		}
	}
	for _, d := range invalid {
		if nhsCheckDigitValid(d) {
			t.Errorf("nhsCheckDigitValid(%q) = true, want false", d)
		}
		if fs := Check("NHS " + d); len(fs) != 0 {
			t.Errorf("Check(%q) = %v, want nothing", "NHS "+d, fs)
		}
	}
}

func TestNIPrefixRules(t *testing.T) {
	type tc struct {
		prefix string
		valid  bool
	}
	var cases []tc
	for _, a := range "DFIQUV" {
		cases = append(cases, tc{string(a) + "A", false})
	}
	for _, b := range "DFIOQUV" {
		cases = append(cases, tc{"A" + string(b), false})
	}
	for _, p := range []string{"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"} {
		cases = append(cases, tc{p, false})
	}
	for _, p := range []string{"AB", "JT", "ZY", "CE", "OA", "NA", "KA", "GA", "BA", "TA", "ZA", "AZ", "WX", "PR"} {
		cases = append(cases, tc{p, true})
	}
	for _, c := range cases {
		if got := niPrefixValid(c.prefix[0], c.prefix[1]); got != c.valid {
			t.Errorf("niPrefixValid(%q) = %v, want %v", c.prefix, got, c.valid)
		}
		for _, form := range []string{"%s 12 34 56 C", "%s123456C", "%s 123456 A"} {
			text := "NI number " + fmt.Sprintf(form, c.prefix) + " on file."
			fs := Check(text)
			found := len(fs) == 1 && fs[0].Kind == NINumber
			if found != c.valid || len(fs) > 1 {
				t.Errorf("Check(%q) = %s, want NI number: %v", text, describe(text, fs), c.valid)
			}
		}
	}
	// The suffix must be A to D.
	for _, text := range []string{"AB 12 34 56 E", "AB123456Z", "AB123456", "QQ 12 34 56 C", "AB 12 34 5 C"} {
		if fs := Check(text); len(fs) != 0 {
			t.Errorf("Check(%q) = %s, want nothing", text, describe(text, fs))
		}
	}
}

// TestPublicLinesPass formats every public service line the way people
// write it and expects no finding, in a sentence and on its own.
func TestPublicLinesPass(t *testing.T) {
	for _, l := range publicLines {
		n := l.Number
		spellings := []string{n}
		switch {
		case len(n) == 11 && strings.HasPrefix(n, "02"):
			spellings = append(spellings, n[:3]+" "+n[3:7]+" "+n[7:], "+44 "+n[1:3]+" "+n[3:7]+" "+n[7:], "("+n[:3]+") "+n[3:7]+" "+n[7:])
		case len(n) == 11:
			spellings = append(spellings, n[:4]+" "+n[4:7]+" "+n[7:], n[:5]+" "+n[5:8]+" "+n[8:], "+44 "+n[1:4]+" "+n[4:7]+" "+n[7:])
		case len(n) == 6:
			spellings = append(spellings, n[:3]+" "+n[3:])
		}
		for _, sp := range spellings {
			for _, text := range []string{sp, "Call " + sp + " for the " + l.Name + ".", "The " + l.Name + " is on " + sp + "."} {
				if fs := Check(text); len(fs) != 0 {
					t.Errorf("Check(%q) = %s, want nothing: it is a public service line", text, describe(text, fs))
				}
			}
		}
	}
}

// TestPublicAddressesPass expects no finding on public buildings'
// addresses, and a finding one house along.
func TestPublicAddressesPass(t *testing.T) {
	for _, a := range publicAddresses {
		text := "Write to them at " + a + ", London."
		if fs := Check(text); len(fs) != 0 {
			t.Errorf("Check(%q) = %s, want nothing", text, describe(text, fs))
		}
		num, street, _ := strings.Cut(a, " ")
		other := "Write to them at " + num + "1 " + street + ", London."
		if fs := Check(other); len(fs) != 1 || fs[0].Kind != StreetAddress {
			t.Errorf("Check(%q) = %s, want a street address", other, describe(other, fs))
		}
	}
}

// TestExplanations checks every kind has words for the author.
func TestExplanations(t *testing.T) {
	kinds := []Kind{Email, Phone, Postcode, NINumber, NHSNumber, HomeOfficeRef, BRP, DateOfBirth, CaseRef,
		TitledName, StreetAddress, Passport, BankDetails, SocialHandle, VehicleReg}
	ranks := map[int]Kind{}
	for _, k := range kinds {
		info, ok := kindInfo[k]
		if !ok || info.label == "" || !strings.HasPrefix(info.explanation, "This looks like") || !strings.HasSuffix(info.explanation, ".") {
			t.Errorf("kind %s has label %q and explanation %q", k, info.label, info.explanation)
		}
		if other, dup := ranks[info.rank]; dup {
			t.Errorf("kinds %s and %s share rank %d", k, other, info.rank)
		}
		ranks[info.rank] = k
	}
	if len(kindInfo) != len(kinds) {
		t.Errorf("kindInfo has %d kinds, the test knows %d", len(kindInfo), len(kinds))
	}
}

func FuzzCheck(f *testing.F) {
	pos, neg := loadCorpus(f)
	for _, c := range pos {
		f.Add(c.text)
	}
	for _, s := range neg {
		f.Add(s)
	}
	for _, c := range mustFlag {
		f.Add(c.text)
	}
	for _, s := range mustNotFlag {
		f.Add(s)
	}
	f.Add(post)
	f.Add("Mr \xc3\xa9\xa9 Ab\xc3\xa9\xa9 07700 900123\xa9")
	f.Add("+44 (0")
	f.Add("DOB 1")
	f.Fuzz(func(t *testing.T, text string) {
		fs := Check(text)
		checkInvariants(t, text, fs)
		red := Redact(text, fs)
		if len(fs) == 0 && red != text {
			t.Fatalf("Redact with no findings changed the text")
		}
	})
}

func BenchmarkCheck(b *testing.B) {
	b.SetBytes(int64(len(post)))
	for b.Loop() {
		Check(post)
	}
}
