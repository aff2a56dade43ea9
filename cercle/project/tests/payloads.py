"""The attack payloads the security tests send, in one place so that they can be counted.

`summary()` gives the figures for the issue note: how many payloads of each kind the suite
tries. The URL-walking counts (CSRF, IDOR) depend on the URL configuration and are computed
from it by cercle/project/tests/test_access_matrix.py's `planned_requests()`.

    cercle shell -c "from cercle.project.tests.payloads import summary; print(summary())"
"""

XSS = [
    "<script>alert('xss-1')</script>",
    "<img src=x onerror=alert('xss-2')>",
    '"><svg onload=alert("xss-3")>',
    "<iframe src=\"javascript:alert('xss-4')\"></iframe>",
    "<a href=\"javascript:alert('xss-5')\">xss-5</a>",
    "[xss-6](javascript:alert('xss-6'))",
    "[xss-7](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<details open ontoggle=alert('xss-8')>",
    "<body onload=alert('xss-9')>",
    "'';!--\"<xss-10>=&{()}",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-11')>",
    "<object data=\"javascript:alert('xss-12')\"></object>",
    "![xss-13](x\" onerror=\"alert('xss-13'))",
    "<form action=\"javascript:alert('xss-14')\"><button>xss-14</button></form>",
    "{{ request.user.password }}{% debug %}",  # template injection: must come out as text
]

PATH_TRAVERSAL = [
    "../secret.txt",
    "../../secret.txt",
    "photos/../../secret.txt",
    "%2e%2e/secret.txt",
    "%2e%2e%2fsecret.txt",
    "..%2fsecret.txt",
    "..%252fsecret.txt",
    "%252e%252e/secret.txt",
    "..%5csecret.txt",
    "..\\secret.txt",
    "/etc/passwd",
    "//etc/passwd",
    "photos/%00../../secret.txt",
    "photos/x.png%00.txt",
    "private/attachments/any.pdf",
    "....//secret.txt",
    "%c0%ae%c0%ae/secret.txt",
]

# (where, what): each is sent by cercle/project/tests/test_oversized.py
OVERSIZED = [
    ("topic title", 100_000),
    ("post body", 2_000_000),
    ("account name at sign-up", 100_000),
    ("email at sign-up", 10_000),
    ("password at login", 1_000_000),
    ("search query", 100_000),
    ("profile bio", 100_000),
    ("image upload (bytes over the limit)", 1),
    ("image upload (pixels: decompression bomb)", 1),
    ("request body over DATA_UPLOAD_MAX_MEMORY_SIZE", 1),
    ("form fields over DATA_UPLOAD_MAX_NUMBER_FIELDS", 1),
]


def summary() -> dict[str, int]:
    from cercle.project.tests.test_access_matrix import planned_requests

    walk = planned_requests()
    return {
        "xss": len(XSS),
        "csrf": walk["csrf"],
        "idor": walk["idor"],
        "path_traversal": len(PATH_TRAVERSAL),
        "oversized": len(OVERSIZED),
        "url_walk_requests": walk["total"],
    }
