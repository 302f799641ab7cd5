import json, time
from caseapp.stats import services
from tests.stats.conftest import YEAR

def test_explore(world):
    t=time.time()
    release = services.make_release(services.ReleaseRequest(*YEAR, None, "en"))
    print("seconds", time.time()-t)
    doc = json.loads(next(f for f in release.files if f.format == "json").content)
    for t in doc["tables"]:
        print(t["id"])
        for r in t["rows"]:
            print("   ", r["code"].ljust(16), [c["value"] if c["status"]=="published" else c["status"][:4] for c in r["cells"]])
    print(doc["disclosure_control"], doc["matching"])
    assert 0
