"""bench/session_flood.py's readings: a Prometheus series by name, and a -Xlog:gc file's full
collections and last heap. Run: python3 -m unittest discover -s bench/tests."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import session_flood  # noqa: E402


class ReadingsTest(unittest.TestCase):

    def test_a_series_is_read_whatever_its_labels_and_absent_is_zero(self):
        scrape = ("# HELP jacorn_sessions_active Sessions in the store\n"
                  'jacorn_sessions_active{application="jsp"} 32457.0\n'
                  'jacorn_sessions_evicted_total{application="jsp"} 2.549226E6\n')
        self.assertEqual(32457, session_flood.metric(scrape, "jacorn_sessions_active"))
        self.assertEqual(2549226, session_flood.metric(scrape, "jacorn_sessions_evicted_total"))
        self.assertEqual(0, session_flood.metric(scrape, "jacorn_sessions_started_total"))

    def test_full_collections_are_counted_and_the_heap_is_the_last_pauses(self):
        with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as log:
            log.write("[0.010s][info][gc] Using G1\n"
                      "[5.1s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 150M->27M(218M) 7.6ms\n"
                      "[9.2s][info][gc] GC(2) Pause Full (G1 Compaction Pause) 510M->509M(512M) 900.1ms\n"
                      "[9.9s][info][gc] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 511M->510M(512M) 3.0ms\n")
        self.addCleanup(os.remove, log.name)
        self.assertEqual((1, 510), session_flood.gc_summary(log.name))


if __name__ == "__main__":
    unittest.main()
