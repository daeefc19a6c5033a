package municipal

import (
	"strconv"
	"strings"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
)

// Topics are what a visit request asks about and a visit worked on: the eight national
// target areas ("ta:1"…"ta:8"), the regional priority areas ("pa:" and the area as the
// event forms name it) and the fields of prevention work the county boards coordinate
// ("pf:andts"…). Keys, not words, are stored, so both languages read them.
var preventionFields = []string{"andts", "crime", "violence", "parenting", "mental_health", "suicide", "integration", "outdoor"}

// Topic is one topic with its label.
type Topic struct {
	Key, Label string
}

// TopicGroup is a heading of the topic list.
type TopicGroup struct {
	Label  string
	Topics []Topic
}

// TopicGroups lists every topic, grouped as the forms show them.
func TopicGroups(lang string) []TopicGroup {
	ta := TopicGroup{Label: locale.T(lang, "mun.topics.target")}
	for n := 1; n <= len(events.TargetAreaNames); n++ {
		key := "ta:" + strconv.Itoa(n)
		ta.Topics = append(ta.Topics, Topic{key, TopicLabel(key, lang)})
	}
	pa := TopicGroup{Label: locale.T(lang, "mun.topics.priority")}
	for _, a := range events.PriorityAreaSuggestions[:3] {
		pa.Topics = append(pa.Topics, Topic{"pa:" + a, TopicLabel("pa:"+a, lang)})
	}
	pf := TopicGroup{Label: locale.T(lang, "mun.topics.prevention")}
	for _, f := range preventionFields {
		pf.Topics = append(pf.Topics, Topic{"pf:" + f, TopicLabel("pf:"+f, lang)})
	}
	return []TopicGroup{pf, pa, ta}
}

// KnownTopic reports whether key is one of TopicGroups'.
func KnownTopic(key string) bool {
	for _, g := range TopicGroups("sv") {
		for _, t := range g.Topics {
			if t.Key == key {
				return true
			}
		}
	}
	return false
}

// TopicLabel is a topic in words.
func TopicLabel(key, lang string) string {
	kind, rest, _ := strings.Cut(key, ":")
	switch kind {
	case "ta":
		n, _ := strconv.Atoi(rest)
		if k, ok := events.TargetAreaNames[n]; ok {
			return locale.T(lang, "mun.topics.target_n", n, k.In(lang))
		}
	case "pa":
		return events.PriorityAreaIn(rest, lang)
	case "pf":
		return locale.T(lang, "mun.topic."+rest)
	}
	return key
}

// TopicsOfAreas are an event's target and priority areas as topics.
func TopicsOfAreas(targets []int, priorities []string) []string {
	var out []string
	for _, n := range targets {
		out = append(out, "ta:"+strconv.Itoa(n))
	}
	for _, a := range priorities {
		out = append(out, "pa:"+a)
	}
	return out
}

// AreasOf are the target and priority areas among topics (TopicsOfAreas the other way).
func AreasOf(topics []string) (targets []int, priorities []string) {
	for _, t := range topics {
		if n, ok := strings.CutPrefix(t, "ta:"); ok {
			if i, err := strconv.Atoi(n); err == nil {
				targets = append(targets, i)
			}
		} else if a, ok := strings.CutPrefix(t, "pa:"); ok {
			priorities = append(priorities, a)
		}
	}
	return targets, priorities
}

// cleanTopics keeps the known topics of keys, once each, in the order given.
func cleanTopics(v *events.ValidationError, field string, keys []string, required bool) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, k := range keys {
		k = strings.TrimSpace(k)
		if k == "" || seen[k] {
			continue
		}
		if !KnownTopic(k) {
			v.Add(field, "mun.err.topic")
			return nil
		}
		seen[k] = true
		out = append(out, k)
	}
	if required && len(out) == 0 {
		v.Add(field, "mun.err.topics")
	}
	return out
}
