package app

