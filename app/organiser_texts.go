package app

import "html/template"

// organiserTexts are the organiser pages' interface texts: key → {Swedish, English}.
var organiserTexts = map[string][2]string{}

// organiserFuncs are template functions the organiser pages need.
var organiserFuncs = template.FuncMap{}
