"""Privacy: erasure (GDPR art. 17), retention (art. 5(1)(e)), the club as data controller."""
