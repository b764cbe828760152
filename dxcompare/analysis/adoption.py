"""When each province adopted its digital-transformation documents, relative to 749/QĐ-TTg."""
from __future__ import annotations

import pandas as pd

NATIONAL_PROGRAMME = "749/QĐ-TTg"


def adoption(ds, *, categories: tuple[str, ...] = ("dx_resolution", "dx_programme"),
             region: str | None = None, reference: str = NATIONAL_PROGRAMME) -> pd.DataFrame:
    """The first dated document of each category per province, and how many days after `reference`.

    Every province appears once per category: `status` is `adopted` (a dated
    document), `undated` (a document whose full date is not recorded),
    `not_found` (searched, none found) or `not_recorded` (no row at all).
    `days_after` is negative for a document adopted before the reference.
    """
    ref = ds.legal_documents.set_index("doc_id")["date"].get(reference)
    if ref is None or pd.isna(ref):
        raise ValueError(f"{reference} has no date in legal_documents.csv")
    provinces = ds.provinces if region is None else ds.provinces[ds.provinces["region"] == region]
    base = provinces[["code", "name_vi", "region"]].rename(columns={"code": "province_code", "name_vi": "province"})
    cat = ds.catalogue
    rows = []
    for category in categories:
        docs = cat[(cat["category"] == category)]
        found = docs[docs["status"] == "found"].sort_values(["issued", "doc_key"], na_position="last", kind="stable")
        first = found.drop_duplicates("province_code", keep="first").set_index("province_code")
        searched = set(docs.loc[docs["status"] == "not_found", "province_code"])
        for rec in base.itertuples(index=False):
            doc = first.loc[rec.province_code] if rec.province_code in first.index else None
            if doc is not None:
                status = "adopted" if pd.notna(doc["issued"]) else "undated"
            else:
                status = "not_found" if rec.province_code in searched else "not_recorded"
            rows.append({
                "province_code": rec.province_code, "province": rec.province, "region": rec.region,
                "category": category, "status": status,
                "doc_key": None if doc is None else doc["doc_key"],
                "doc_number": None if doc is None else doc["doc_number"],
                "issuer": None if doc is None else doc["issuer"],
                "issued": pd.NaT if doc is None else doc["issued"],
            })
    out = pd.DataFrame(rows, columns=["province_code", "province", "region", "category", "status",
                                      "doc_key", "doc_number", "issuer", "issued"])
    out = out.astype({"province_code": "str", "province": "str", "region": "str", "doc_key": "str",
                      "doc_number": "str", "issuer": "str"})
    out["category"] = pd.Categorical(out["category"], categories=list(categories))
    out["status"] = pd.Categorical(out["status"], categories=["adopted", "undated", "not_found", "not_recorded"])
    out["issued"] = pd.to_datetime(out["issued"]).astype("datetime64[us]")
    out["days_after"] = (out["issued"] - pd.Timestamp(ref)).dt.days.astype("Int64")
    return out.sort_values(["category", "issued", "province_code"], na_position="last", kind="stable",
                           ignore_index=True)

