import TandemTestSupport

/// The second-run fixture of `tandem port` over a vendoring fork: three upstream modules, whose copies
/// respell every import of `urllib3` as pip does (`pip._vendor.urllib3`), and an upstream change that
/// extends every respelled import (`a.py`, `b.py`) and writes `c.py`'s relative import as an absolute one.
enum RespelledImports {
    /// Upstream's modules before the change.
    static let before = [
        "pkg/a.py": "from urllib3.util import Retry\nfrom urllib3 import PoolManager\n\nA = 1\n",
        "pkg/b.py": "import os\nfrom urllib3.exceptions import HTTPError\n\nB = 2\n",
        "pkg/c.py": "import os\nfrom .util import helper\n\nC = 3\n",
    ]

    /// The change's imports added to `a.py` and `b.py`.
    static let extended = [
        "pkg/a.py": "from urllib3.util import Retry, Timeout\nfrom urllib3 import PoolManager, ProxyManager\n\nA = 1\n",
        "pkg/b.py": "import os\nfrom urllib3.exceptions import HTTPError, ProtocolError\n\nB = 2\n",
    ]

    /// `c.py` with its import made absolute.
    static let absolute = ["pkg/c.py": "import os\nfrom urllib3.util import helper\n\nC = 3\n"]

    /// The whole change as one patch.
    static let patch =
        "--- a/pkg/a.py\n+++ b/pkg/a.py\n@@ -1,4 +1,4 @@\n-from urllib3.util import Retry\n-from urllib3 import PoolManager\n"
        + "+from urllib3.util import Retry, Timeout\n+from urllib3 import PoolManager, ProxyManager\n \n A = 1\n"
        + "--- a/pkg/b.py\n+++ b/pkg/b.py\n@@ -1,4 +1,4 @@\n import os\n-from urllib3.exceptions import HTTPError\n"
        + "+from urllib3.exceptions import HTTPError, ProtocolError\n \n B = 2\n"
        + "--- a/pkg/c.py\n+++ b/pkg/c.py\n@@ -1,4 +1,4 @@\n import os\n-from .util import helper\n"
        + "+from urllib3.util import helper\n \n C = 3\n"

    /// `c.py`'s copy once the change is ported: the new import in the fork's spelling.
    static let portedC = "import os\nfrom pip._vendor.urllib3.util import helper\n\nC = 3\n"

    /// The fork before the change, in `folder` of `scratch`: the copies under `vendor/pkg/` and a
    /// `tandem.yml` mapping `pkg/` there.
    static func writeFork(in scratch: Scratch, at folder: String = "fork") throws {
        for (path, text) in before {
            let copy = path == "pkg/c.py" ? text : text.replacingOccurrences(of: "urllib3", with: "pip._vendor.urllib3")
            try scratch.write(folder + "/vendor/" + path, copy)
        }
        try scratch.write(folder + "/tandem.yml", "forks:\n  - {upstream: pkg/, fork: vendor/pkg/}\n")
    }
}
