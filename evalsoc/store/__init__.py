"""The SQLite store: campaigns, structures, submissions, answers, issues and scores."""
