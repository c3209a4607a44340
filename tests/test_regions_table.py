"""Every document resolves to province, city and (where it has one) district, with adcodes."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import load_dataset
from pipeline.extract.regions import gazetteer

PLACE_COLUMNS = ["province", "province_code", "city", "city_code", "district", "district_code"]
ANSHAN = ("辽宁省", "210000", "鞍山市", "210300", None, None)
SHENYANG = ("辽宁省", "210000", "沈阳市", "210100", None, None)
XISHI = ("辽宁省", "210000", "营口市", "210800", "西市区", "210803")
HUAIAN = ("江苏省", "320000", "淮安市", "320800", None, None)


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("西市区", XISHI),
        ("鞍山市", ANSHAN),
        ("淮安市", HUAIAN),
        ("昆山市", ("江苏省", "320000", "苏州市", "320500", "昆山市", "320583")),
        ("延吉市", ("吉林省", "220000", "延边朝鲜族自治州", "222400", "延吉市", "222401")),
        ("浦东新区", ("上海市", "310000", "上海市", "310000", "浦东新区", "310115")),
        ("平潭综合实验区", ("福建省", "350000", "福州市", "350100", "平潭综合实验区", "350128")),
    ],
)
def test_a_name_resolves_through_the_gazetteer(name: str, place: tuple[str | None, ...]) -> None:
    gaz = gazetteer()
    (region,) = gaz.candidates(name)
    found = gaz.place(region)
    parts = [found.province, found.city, found.district]
    assert tuple(v for r in parts for v in ((r.name, r.code) if r else (None, None))) == place


@pytest.mark.parametrize(
    ("file", "place"),
    [
        ("000_bb7ad2cec91f680d.txt", ANSHAN),
        ("000_bb7ad2cec91f680d.docx", ANSHAN),
        ("000_bb7ad2cec91f680d.numbered.docx", ANSHAN),
        ("001_179aec6b059d2134.txt", ANSHAN),
        ("001_179aec6b059d2134.pdf", ANSHAN),
        ("002_69902300cdde23ce.txt", XISHI),
        ("003_9d5918fb5c505e81.txt", SHENYANG),
        ("003_9d5918fb5c505e81.docx", SHENYANG),
        ("003_9d5918fb5c505e81.pdf", SHENYANG),
        ("004_1f809c4b636a09c4.txt", ANSHAN),
        ("004_1f809c4b636a09c4.gbk.txt", ANSHAN),
        ("huaian_2024_annual_report.pdf", HUAIAN),
    ],
)
def test_sample_documents_resolve_with_adcodes(
    bundled_dataset, file: str, place: tuple[str | None, ...]
) -> None:
    docs = load_dataset(bundled_dataset).documents
    row = docs[docs.source_path.map(lambda p: Path(p).name) == file]
    assert len(row) == 1
    values = row[PLACE_COLUMNS].astype(object).iloc[0]
    assert tuple(None if v != v or v is None else v for v in values) == place


def test_every_extracted_sample_document_has_a_place(bundled_dataset, samples_dir) -> None:
    docs = load_dataset(bundled_dataset).documents
    assert len(docs) == len(list(samples_dir.iterdir()))  # the scan too, read by OCR
    assert docs[["province_code", "city_code"]].notna().all().all()
    assert (docs.city_code.str[:2] == docs.province_code.str[:2]).all()
