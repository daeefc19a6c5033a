package app

import "html/template"

// publicTexts are the public pages' interface texts: key → {Swedish, English}.
var publicTexts = map[string][2]string{}

// publicFuncs are template functions the public pages need.
var publicFuncs = template.FuncMap{}
