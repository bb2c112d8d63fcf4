"""bench/report.py renders every saved run (bench/results/*.json with its .md beside it) to exactly
the saved report, from the JSON alone. Run: python3 -m unittest discover -s bench/tests
(the runner module's BenchReportTest runs it in mvn verify)."""

import copy
import glob
import json
import os
import sys
import unittest

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, BENCH_DIR)

import report  # noqa: E402

RESULTS = os.path.join(BENCH_DIR, "results")


def saved_runs():
    """(json path, md path) of each saved run that has its report beside it."""
    return [(j, os.path.splitext(j)[0] + ".md") for j in sorted(glob.glob(os.path.join(RESULTS, "*.json")))
            if os.path.exists(os.path.splitext(j)[0] + ".md")]


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class SavedRunsRenderToTheirReports(unittest.TestCase):

    def test_there_are_saved_runs_including_run_d(self):
        names = [os.path.basename(j) for j, _ in saved_runs()]
        self.assertIn("run-d.json", names)

    def test_each_saved_run_renders_to_its_saved_report(self):
        for json_path, md_path in saved_runs():
            with self.subTest(run=os.path.basename(json_path)):
                with open(md_path, encoding="utf-8") as f:
                    want = f.read()
                self.assertEqual(want, report.render(load(json_path)),
                                 f"bench/report.py no longer renders {os.path.basename(json_path)} to "
                                 f"{os.path.basename(md_path)}; if the change is meant, re-render with "
                                 f"python3 bench/run.py render --from-json {json_path} and commit both")

    def test_rendering_reads_nothing_but_the_run(self):
        # The same JSON rendered with another environment and working directory gives the same text.
        run = load(os.path.join(RESULTS, "run-d.json"))
        first = report.render(copy.deepcopy(run))
        saved_env, saved_cwd = dict(os.environ), os.getcwd()
        try:
            os.environ["BENCH_JVM_OPTS"] = "-Xmx1g"
            os.environ["BENCH_JACORN_TUNED"] = "--workers 3"
            os.environ["TZ"] = "Pacific/Kiritimati"
            os.chdir("/")
            self.assertEqual(first, report.render(copy.deepcopy(run)))
        finally:
            os.environ.clear()
            os.environ.update(saved_env)
            os.chdir(saved_cwd)

    def test_a_run_whose_runner_jar_changed_starts_with_the_warning(self):
        run = load(os.path.join(RESULTS, "run-d.json"))
        run["runner_changed"] = True
        text = report.render(run)
        self.assertTrue(text.startswith(report.RUNNER_CHANGED + "\n\n" + run["machine"] + "\n"))

    def test_cpu_per_request_estimates_old_runs_with_the_recorded_cpu_count(self):
        old = {"server_cpu": 0.5, "duration_us": 1_000_000, "requests": 1000}
        self.assertEqual(1000.0, report.cpu_per_request(old, 2))
        self.assertEqual(2000.0, report.cpu_per_request(old, 4))


if __name__ == "__main__":
    unittest.main()
