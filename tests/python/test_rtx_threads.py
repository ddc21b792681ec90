"""mcusim.run() on RTX5-shaped firmware: thread stack rows named after RTX's threads, as the CLI writes them."""

import os
import re
import unittest

import mcusim
from fixtures import FIRMWARE, cli_report

RTX_STACK_REPORT = os.path.join(FIRMWARE, "rtx_stack_report.elf")  # mps2-an386: prints each thread's stack use


class RtxThreadsTest(unittest.TestCase):
    def test_thread_rows_are_the_clis_and_the_firmwares(self):
        code, report = cli_report(RTX_STACK_REPORT, "mps2-an386")
        r = mcusim.run(RTX_STACK_REPORT, board="mps2-an386")
        self.assertEqual((code, r.exit_code), (0, 0), r.messages)
        self.assertEqual(r.thread_stacks, report["memory"]["thread_stacks"])
        threads = {t["name"]: t for t in r.thread_stacks}
        self.assertEqual(set(threads), {"main", "infer", "printer", "osRtxIdleThread", "osRtxTimerThread"})
        self.assertEqual(threads["main"]["object"], "_main_stack")
        for line in r.output.splitlines():
            m = re.match(r"stack (\w+): size (\d+) used (\d+)", line)
            if m:
                self.assertEqual(threads[m[1]]["size"], int(m[2]), line)
                self.assertEqual(threads[m[1]]["peak_bytes"], int(m[3]), line)
                self.assertEqual(threads[m[1]]["fill"], 0xCCCCCCCC, line)


if __name__ == "__main__":
    unittest.main()
