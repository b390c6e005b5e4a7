"""scikit-learn side of bench/train_vs_sklearn.ts (run with Debian's /usr/bin/python3).

  export NAME OUT.csv      write a data set as CSV (features..., label): scikit-learn's bundled
                           sets and fixed generated ones; a class label is written as c<k>, a
                           regression target as its float
  score SPLIT.json MODEL   fit MODEL on the exact rows the trainer used and print
                           {"score": ..., "fit_seconds": ...} as JSON: accuracy for a classifier,
                           R² for a regressor. MODEL is logreg (StandardScaler +
                           LogisticRegression, max_iter 10000), hgb
                           (HistGradientBoostingClassifier), ridge (StandardScaler + Ridge) or
                           hgbr (HistGradientBoostingRegressor); the boosters with their defaults
                           (100 iterations at most, 31 leaves, early stopping on 10% when over
                           10,000 rows) and random_state 0
"""
import csv
import json
import sys
import time

import numpy as np
from sklearn import datasets
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import r2_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


class _Bunch:
    def __init__(self, data, target):
        self.data, self.target = data, target


def _generated(maker, **settings):
    return lambda: _Bunch(*maker(**settings))


LOADERS = {
    "iris": datasets.load_iris,
    "wine": datasets.load_wine,
    "breast_cancer": datasets.load_breast_cancer,
    "digits": datasets.load_digits,
    "diabetes": datasets.load_diabetes,
    # 2,000 rows, 20 features (10 informative), 5 classes.
    "synthetic_2000": _generated(
        datasets.make_classification, n_samples=2000, n_features=20, n_informative=10,
        n_redundant=4, n_classes=5, random_state=0,
    ),
    # 100,000 rows, 20 features (10 informative), 5 classes: the trees' speed and quality check.
    "synthetic_100000": _generated(
        datasets.make_classification, n_samples=100000, n_features=20, n_informative=10,
        n_classes=5, random_state=1,
    ),
    # 20,000 rows, 20 features, 4 classes of 3 clusters each; 12 clusters need 2**n_informative
    # >= 12, so n_informative is 4 (scikit-learn refuses its default of 2 here).
    "classification_20000": _generated(
        datasets.make_classification, n_samples=20000, n_classes=4, n_clusters_per_class=3,
        n_informative=4, random_state=0,
    ),
    # Friedman #1: 5,000 rows, 10 features (5 used), noise 1.
    "friedman1_5000": _generated(
        datasets.make_friedman1, n_samples=5000, noise=1.0, random_state=0,
    ),
}

REGRESSION = {"diabetes", "friedman1_5000"}


def export(name, out):
    bunch = LOADERS[name]()
    names = [f"f{i}" for i in range(bunch.data.shape[1])]
    with open(out, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names + ["label"])
        for row, target in zip(bunch.data, bunch.target):
            label = repr(float(target)) if name in REGRESSION else f"c{int(target)}"
            writer.writerow([repr(float(v)) for v in row] + [label])


MODELS = {
    "logreg": lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=10000)),
    "hgb": lambda: HistGradientBoostingClassifier(random_state=0),
    "ridge": lambda: make_pipeline(StandardScaler(), Ridge()),
    "hgbr": lambda: HistGradientBoostingRegressor(random_state=0),
}


def score(split_path, model_name):
    with open(split_path) as handle:
        split = json.load(handle)
    x = np.array(split["features"], dtype=float)
    y = np.array(split["targets"])
    train, holdout = split["train"], split["holdout"]
    started = time.perf_counter()
    model = MODELS[model_name]().fit(x[train], y[train])
    seconds = time.perf_counter() - started
    predicted = model.predict(x[holdout])
    if model_name in ("ridge", "hgbr"):
        value = float(r2_score(y[holdout], predicted))
    else:
        value = float((predicted == y[holdout]).mean())
    print(json.dumps({"score": value, "fit_seconds": seconds}))


if __name__ == "__main__":
    if sys.argv[1] == "export":
        export(sys.argv[2], sys.argv[3])
    else:
        score(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "logreg")
