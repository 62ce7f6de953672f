package pii

import "strings"

// vehicleWords must be near a registration before it is flagged: the shape
// alone ("AB12 CDE") is rare in prose but not unknown, and a registration is
// given in a post about a vehicle.
var vehicleWords = []string{
	"reg", "registration", "plate", "plates", "number plate", "numberplate",
	"vrm", "anpr", "dvla", "van", "car", "vehicle", "taxi", "cab", "minicab",
	"lorry", "truck", "minibus", "motorbike", "moped", "scooter", "pickup",
	"drove", "driven", "driving", "driver", "parked", "transit", "ford",
	"vauxhall", "bmw", "audi", "mercedes", "toyota", "volkswagen", "vw",
	"nissan", "peugeot", "renault", "skoda", "hatchback", "estate",
}

// regLetter reports whether c may be one of a registration's letters: a
// capital other than I and Q, which are not issued.
func regLetter(c byte) bool {
	return isUpper(c) && c != 'I' && c != 'Q'
}

// regLetters reports whether t[p:p+3] are three registration letters that
// end a word.
func regLetters(t string, p int) bool {
	return p+3 <= len(t) && regLetter(t[p]) && regLetter(t[p+1]) && regLetter(t[p+2]) && !wordAt(t, p+3)
}

// vehicleAt looks for a UK vehicle registration starting at the word
// t[i:e], in capitals, near a vehicle word: the current format, two
// letters, a two-digit age identifier and three letters ("AB12 CDE",
// "AB12CDE"), or the older prefix format, a letter, one to three digits
// and three letters ("P123 ABC").
func (s *scanner) vehicleAt(i, e int) {
	t := s.text
	end := 0
	switch n := e - i; {
	case (n == 4 || n == 7) && regLetter(t[i]) && t[i] != 'Z' && regLetter(t[i+1]) && digitsAt(t, i+2, 3) == 2:
		age := atoi(t[i+2 : i+4])
		if age < 2 || (age > 29 && age < 51) || age > 79 {
			return
		}
		switch {
		case n == 7 && regLetters(t, i+4):
			end = e
		case n == 4 && e < len(t) && t[e] == ' ' && regLetters(t, e+1):
			end = e + 4
		}
	case n >= 2 && n <= 4 && regLetter(t[i]) && strings.IndexByte("OUZ", t[i]) < 0 && digitsAt(t, i+1, 4) == n-1 && t[i+1] != '0':
		if e < len(t) && t[e] == ' ' && regLetters(t, e+1) {
			end = e + 4
		}
	}
	if end > 0 && s.nearAny(i, end, 60, 40, vehicleWords) {
		s.add(VehicleReg, i, end)
	}
}
