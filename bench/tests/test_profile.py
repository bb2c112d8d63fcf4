"""bench/profile.py's JFR settings: the JDK's "profile" settings, or a copy that samples Java threads
more often (--sample-ms). Run: python3 -m unittest discover -s bench/tests."""

import importlib.util
import os
import shutil
import sys
import tempfile
import unittest

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, BENCH_DIR)

# By its path: the standard library has a module named profile too.
_spec = importlib.util.spec_from_file_location("bench_profile", os.path.join(BENCH_DIR, "profile.py"))
bench_profile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_profile)


class JfrSettingsTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def test_without_sample_ms_the_jdk_profile_settings_are_used_by_name(self):
        self.assertEqual("profile", bench_profile.jfr_settings(None, self.tmp))

    def test_sample_ms_changes_the_java_sampling_period_and_nothing_else(self):
        java_home = os.path.dirname(os.path.dirname(os.path.realpath(shutil.which("java"))))
        with open(os.path.join(java_home, "lib", "jfr", "profile.jfc"), encoding="utf-8") as f:
            original = f.read().splitlines()
        with open(bench_profile.jfr_settings(1, self.tmp), encoding="utf-8") as f:
            changed = f.read().splitlines()
        self.assertEqual(len(original), len(changed))
        differences = [(a.strip(), b.strip()) for a, b in zip(original, changed) if a != b]
        self.assertEqual(1, len(differences), differences)
        self.assertIn('control="method-sampling-java-interval">1 ms<', differences[0][1])


if __name__ == "__main__":
    unittest.main()
