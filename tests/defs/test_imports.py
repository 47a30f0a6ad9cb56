import subprocess
import sys


def test_the_offline_code_location_does_not_import_cloud_sdks():
    # Every Dagster run worker imports the code location before it does any work; the Gemini
    # SDK (~1.5 s of CPU) and boto3 belong only to the runs that use them.
    probe = (
        "import sys, moretale_assets.definitions; "
        "print(sorted(m for m in ('google.genai', 'boto3', 'dagster_aws') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"
