// The audit entry page's in-browser verification (see audit/entry.jte).
