"""scikit-learn side of bench/train_vs_sklearn.ts (run with Debian's /usr/bin/python3).

  export NAME OUT.csv      write a bundled scikit-learn data set as CSV (features..., label)
  score SPLIT.json [MODEL] fit MODEL on the exact rows the trainer used and print
                           {"accuracy": ..., "fit_seconds": ...} as JSON. MODEL is
                           logreg (StandardScaler + LogisticRegression, the default) or hgb
                           (HistGradientBoostingClassifier, defaults: 100 iterations at most,
                           31 leaves, early stopping on 10% when over 10,000 rows, seed 0)
"""
import csv
import json
import sys
import time

import numpy as np
from sklearn import datasets
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

LOADERS = {
    "iris": datasets.load_iris,
    "wine": datasets.load_wine,
    "breast_cancer": datasets.load_breast_cancer,
    "digits": datasets.load_digits,
    # 2,000 rows, 20 features (10 informative), 5 classes, fixed seed.
    "synthetic_2000": lambda: _synthetic(),
    # 100,000 rows, 20 features (10 informative), 5 classes: the trees' speed and quality check.
    "synthetic_100000": lambda: _synthetic_large(),
}


class _Bunch:
    def __init__(self, data, target):
        self.data, self.target = data, target


def _synthetic():
    data, target = datasets.make_classification(
        n_samples=2000, n_features=20, n_informative=10, n_redundant=4, n_classes=5,
        random_state=0,
    )
    return _Bunch(data, target)


def _synthetic_large():
    data, target = datasets.make_classification(
        n_samples=100000, n_features=20, n_informative=10, n_classes=5, random_state=1,
    )
    return _Bunch(data, target)


def export(name, out):
    bunch = LOADERS[name]()
    names = [f"f{i}" for i in range(bunch.data.shape[1])]
    with open(out, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names + ["label"])
        for row, target in zip(bunch.data, bunch.target):
            writer.writerow([repr(float(v)) for v in row] + [f"c{int(target)}"])


def score(split_path, model_name="logreg"):
    with open(split_path) as handle:
        split = json.load(handle)
    x = np.array(split["features"], dtype=float)
    y = np.array(split["targets"])
    train, holdout = split["train"], split["holdout"]
    if model_name == "hgb":
        started = time.perf_counter()
        model = HistGradientBoostingClassifier(random_state=0).fit(x[train], y[train])
        seconds = time.perf_counter() - started
        predicted = model.predict(x[holdout])
    else:
        started = time.perf_counter()
        scaler = StandardScaler().fit(x[train])
        model = LogisticRegression(max_iter=10000).fit(scaler.transform(x[train]), y[train])
        seconds = time.perf_counter() - started
        predicted = model.predict(scaler.transform(x[holdout]))
    accuracy = float((predicted == y[holdout]).mean())
    print(json.dumps({"accuracy": accuracy, "fit_seconds": seconds}))


if __name__ == "__main__":
    if sys.argv[1] == "export":
        export(sys.argv[2], sys.argv[3])
    else:
        score(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "logreg")
