package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// The invented people of the season: names, workplaces and roles as they are found in
// a county's public-health work. Every address is under a ".example" domain (RFC 2606),
// so no mail the demo queues can reach anyone.

var (
	women = []string{"Anna", "Maria", "Karin", "Sara", "Emma", "Elin", "Lena", "Johanna", "Ida", "Malin",
		"Linnéa", "Sofia", "Åsa", "Eva", "Helena", "Frida", "Ingrid", "Märta", "Amira", "Elsa", "Ylva", "Camilla"}
	men = []string{"Erik", "Lars", "Johan", "Anders", "Per", "Mikael", "Jonas", "Olof", "Nils", "Ahmed",
		"Henrik", "Magnus", "Björn", "Oskar", "Daniel", "Jens", "Mattias", "Tomas", "Pål", "Sami"}
	surnames = []string{"Lindqvist", "Holmström", "Nilsson", "Öberg", "Lundberg", "Sandström", "Jonsson", "Marklund",
		"Wikström", "Burman", "Hedlund", "Åström", "Lindgren", "Granberg", "Nordin", "Sjödin", "Eriksson", "Berglund",
		"Karlsson", "Lundmark", "Vikström", "Brännström", "Hassan", "Stenlund", "Grahn", "Persson", "Eklund", "Löfgren"}
	municipalRoles = []string{"Folkhälsosamordnare", "Drogförebyggande samordnare", "Brottsförebyggande samordnare",
		"Skolkurator", "Enhetschef socialtjänsten", "Fritidsledare", "Utvecklingsledare", "Socialsekreterare",
		"Folkhälsostrateg", "Rektor"}
	regionRoles = []string{"Folkhälsoutvecklare", "Distriktssköterska", "Psykolog", "Verksamhetschef vårdcentral", "Barnmorska"}
	otherOrgs   = []struct{ name, kind, role, domain string }{
		{"Umeå universitet", "universitet", "Forskare", "umu.example"},
		{"Studieförbundet Vuxenskolan", "civilsamhalle", "Verksamhetsutvecklare", "sv.example"},
		{"IOGT-NTO Västerbotten", "civilsamhalle", "Ombudsman", "iogt.example"},
		{"Polisen region Nord", "statlig_myndighet", "Kommunpolis", "polisen.example"},
		{"Försäkringskassan", "statlig_myndighet", "Samverkansansvarig", "fk.example"},
		{"Västerbottens idrottsförbund", "civilsamhalle", "Konsulent", "idrott.example"},
		{"Coompanion Västerbotten", "naringsliv", "Rådgivare", "coompanion.example"},
	}
	// Where people work, weighted as a county looks: the large municipalities often,
	// the inland ones less, a few from the neighbouring county.
	homes = []struct {
		municipality string
		weight       int
	}{
		{"Umeå", 30}, {"Skellefteå", 18}, {"Lycksele", 8}, {"Vilhelmina", 5}, {"Storuman", 4}, {"Vännäs", 5},
		{"Nordmaling", 4}, {"Robertsfors", 4}, {"Vindeln", 3}, {"Norsjö", 3}, {"Malå", 2}, {"Sorsele", 2},
		{"Dorotea", 2}, {"Åsele", 2}, {"Bjurholm", 2}, {"Piteå", 2}, {"Luleå", 2},
	}
)

// person is one invented participant, who may come to several events of the season.
type person struct {
	first, last, email       string
	organisation, role, kind string
	municipality             string
	gender                   registration.Gender
	diet                     string
}

// ascii makes a name usable in an address: "Åström" → "astrom".
func ascii(s string) string {
	return strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "é", "e", " ", "").Replace(strings.ToLower(s))
}

// people invents n people; the same seed gives the same people.
func people(rng *rand.Rand, n int) []person {
	out := make([]person, 0, n)
	seen := map[string]bool{}
	total := 0
	for _, h := range homes {
		total += h.weight
	}
	for len(out) < n {
		var p person
		switch r := rng.IntN(100); {
		case r < 48:
			p.first, p.gender = women[rng.IntN(len(women))], registration.Gender("kvinna")
		case r < 84:
			p.first, p.gender = men[rng.IntN(len(men))], registration.Gender("man")
		case r < 87:
			p.first, p.gender = women[rng.IntN(len(women))], registration.Gender("annat")
		case r < 91:
			p.first, p.gender = men[rng.IntN(len(men))], registration.Gender("vill_inte_uppge")
		default: // the question left unanswered
			p.first = []string{women[rng.IntN(len(women))], men[rng.IntN(len(men))]}[rng.IntN(2)]
		}
		p.last = surnames[rng.IntN(len(surnames))]
		pick := rng.IntN(total)
		for _, h := range homes {
			if pick -= h.weight; pick < 0 {
				p.municipality = h.municipality
				break
			}
		}
		m, _ := events.LookupMunicipality(p.municipality)
		domain := ascii(m.Name) + ".example"
		switch r := rng.IntN(100); {
		case r < 58:
			p.organisation, p.kind, p.role = m.Name+" kommun", "kommun", municipalRoles[rng.IntN(len(municipalRoles))]
		case r < 80:
			region := "Region Västerbotten"
			if m.CountyCode != "24" {
				region = "Region Norrbotten"
			}
			p.organisation, p.kind, p.role = region, "region", regionRoles[rng.IntN(len(regionRoles))]
			domain = "region" + m.CountyCode + ".example"
		case r < 84:
			p.organisation, p.kind, p.role = "Länsstyrelsen Västerbotten", "lansstyrelse", "Handläggare folkhälsa"
			domain = "lansstyrelsen.example"
		default:
			o := otherOrgs[rng.IntN(len(otherOrgs))]
			p.organisation, p.kind, p.role, domain = o.name, o.kind, o.role, o.domain
		}
		local := ascii(p.first) + "." + ascii(p.last)
		p.email = local + "@" + domain
		for i := 2; seen[p.email]; i++ {
			p.email = fmt.Sprintf("%s%d@%s", local, i, domain)
		}
		seen[p.email] = true
		switch rng.IntN(10) {
		case 0:
			p.diet = "Vegetariskt"
		case 1:
			p.diet = "Glutenfritt"
		}
		out = append(out, p)
	}
	return out
}

// input is the registration form as the person would fill it in.
func (p person) input(mode events.Mode) registration.Input {
	return registration.Input{FirstName: p.first, LastName: p.last, Email: p.email, Organisation: p.organisation,
		OrgType: p.kind, Municipality: p.municipality, Role: p.role, Mode: string(mode), Diet: p.diet,
		Gender: string(p.gender), PrivacyOK: true, WaitlistOK: true}
}

// sample picks n different people.
func sample(rng *rand.Rand, all []person, n int) []person {
	idx := rng.Perm(len(all))
	out := make([]person, 0, min(n, len(all)))
	for _, i := range idx[:min(n, len(all))] {
		out = append(out, all[i])
	}
	return out
}
