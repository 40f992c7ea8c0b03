"""`make bench`: the site under gunicorn (DEBUG off) measured with wrk, plus SQL queries per page
and page weight. bench/run.py orchestrates; bench/scenarios.py says what is measured."""
