package httpapi

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"sync"
)

// admission counts the open sockets: in total, per client address and per
// project. Each socket costs two goroutines, its buffers and its queue,
// so the three bounds together bound what sockets cost however they are
// spread: many projects, many tabs or many clients.
type admission struct {
	maxTotal, maxClient, maxProject int

	mu      sync.Mutex
	total   int
	client  map[string]int
	project map[string]int
}

func newAdmission(maxTotal, maxClient, maxProject int) *admission {
	return &admission{
		maxTotal: maxTotal, maxClient: maxClient, maxProject: maxProject,
		client: map[string]int{}, project: map[string]int{},
	}
}

// ticket is a socket counted in; leave counts it out.
type ticket struct {
	a               *admission
	client, project string
}

// refusal says, for the user, which bound a socket would pass; project
// is true for the project's own bound, which the handler reports only
// for a valid project.
type refusal struct {
	msg     string
	project bool
}

// admit counts a socket of client on project in, or says why not.
func (a *admission) admit(client, project string) (*ticket, *refusal) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case a.total >= a.maxTotal:
		return nil, &refusal{msg: fmt.Sprintf("The server has too many connections open (at most %d); try again later", a.maxTotal)}
	case a.client[client] >= a.maxClient:
		return nil, &refusal{msg: fmt.Sprintf("Too many connections from your address (at most %d); close some and try again", a.maxClient)}
	case a.project[project] >= a.maxProject:
		return nil, &refusal{project: true, msg: fmt.Sprintf("Too many connections to this project (at most %d); close another tab and try again", a.maxProject)}
	}
	a.total++
	a.client[client]++
	a.project[project]++
	return &ticket{a: a, client: client, project: project}, nil
}

func (t *ticket) leave() {
	a := t.a
	a.mu.Lock()
	defer a.mu.Unlock()
	a.total--
	if a.client[t.client]--; a.client[t.client] <= 0 {
		delete(a.client, t.client)
	}
	if a.project[t.project]--; a.project[t.project] <= 0 {
		delete(a.project, t.project)
	}
}

// clientKey names the client of r for counting: its IP address, or for
// IPv6 its /64 network, since one machine commonly holds a whole /64 and
// could otherwise open sockets from as many addresses as it likes.
func clientKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}
