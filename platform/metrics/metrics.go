// Package metrics holds the service's Prometheus metrics, served at /metrics: request
// rates and latencies by route, registrations and check-ins, the outbox's queue and
// deliveries, and the store's command latency. One registry per process: every app
// instance in it adds to the same counters, as a scrape of the process expects.
package metrics

import (
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Registry is what /metrics serves.
var Registry = prometheus.NewRegistry()

var (
	// HTTPRequests counts answered requests by method, route template and status.
	HTTPRequests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "folkhalsa_http_requests_total",
		Help: "HTTP requests answered, by method, route (the template, e.g. /events/:id) and status code."},
		[]string{"method", "route", "status"})
	// HTTPDuration is the time to answer, by method and route template.
	HTTPDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "folkhalsa_http_request_duration_seconds",
		Help: "Time to answer an HTTP request, by method and route.", Buckets: prometheus.DefBuckets},
		[]string{"method", "route"})
	// Registrations counts registrations made, by outcome: confirmed or waiting_list;
	// and cancellations (cancelled).
	Registrations = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "folkhalsa_registrations_total",
		Help: "Registrations made (outcome confirmed or waiting_list) and cancelled (outcome cancelled)."},
		[]string{"outcome"})
	// CheckIns counts scans and manual check-ins by outcome (ok, already_checked_in, …).
	CheckIns = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "folkhalsa_checkins_total",
		Help: "Check-ins at the door by outcome (ok, already_checked_in, cancelled, wrong_event, invalid, …)."},
		[]string{"outcome"})
	// OutboxDeliveries counts delivery attempts by result: sent, retry, failed (given up).
	OutboxDeliveries = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "folkhalsa_outbox_deliveries_total",
		Help: "Outbox delivery attempts by result: sent, retry (failed, will be tried again), failed (given up)."},
		[]string{"result"})
	// StoreCommands is the store's latency by command and result (ok, error).
	StoreCommands = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "folkhalsa_store_command_duration_seconds",
		Help:    "Time the store took to answer a command, by command (find, insert, …) and result (ok, error).",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}},
		[]string{"command", "result"})
)

// queue reads the outbox's pending messages; set by the process's outbox.
var queue atomic.Pointer[func() (float64, bool)]

// SetOutboxQueue tells the queue gauge how to read the number of pending messages;
// ok false leaves it out of a scrape (the store did not answer).
func SetOutboxQueue(read func() (float64, bool)) { queue.Store(&read) }

type queueCollector struct{ desc *prometheus.Desc }

func (q queueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- q.desc }

func (q queueCollector) Collect(ch chan<- prometheus.Metric) {
	read := queue.Load()
	if read == nil {
		return
	}
	if n, ok := (*read)(); ok {
		ch <- prometheus.MustNewConstMetric(q.desc, prometheus.GaugeValue, n)
	}
}

func init() {
	Registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		HTTPRequests, HTTPDuration, Registrations, CheckIns, OutboxDeliveries, StoreCommands,
		queueCollector{prometheus.NewDesc("folkhalsa_outbox_queue_length",
			"Messages waiting in the outbox (pending, due now or later).", nil, nil)},
	)
}
