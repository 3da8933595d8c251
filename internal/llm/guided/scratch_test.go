package guided

import (
	"fmt"
	"os"
	"testing"
)

func TestScratch(t *testing.T) {
	id := idea{project: "pawpal", overview: "Pawpal is an app for a dog-walking business. Owners book walks for their dogs, walkers see their route for the day, and the office manager keeps an eye on everything.",
		people: []string{"Accounts & sign-in", "Notifications"}, content: []string{"Search"},
		acts:    "1) owners add their dogs with a name, breed and photo\n2) owners book a 30-minute walk for a dog\n3) walkers see the day's walks\n4) owners get a text message 1 hour before the walk\n5) the manager assigns walks to walkers",
		shape:   map[string][]string{hData: {"dogs: name, breed, age, photo"}, hLinks: {"a walk belongs to a dog and a walker"}},
		success: "owners book a walk in under a minute"}
	e := id.run(t)
	fmt.Println(e.turnText)
	os.WriteFile("/tmp/paw1.xml", []byte(e.files[AppSpecPath]), 0o644)
	e.say("rename walks to outings")
	fmt.Println(e.turnText)
	e.say("remove the search")
	fmt.Println(e.turnText)
	e.say("owners can cancel up to 2 hours before")
	fmt.Println(e.turnText)
	os.WriteFile("/tmp/paw2.xml", []byte(e.files[AppSpecPath]), 0o644)
}
