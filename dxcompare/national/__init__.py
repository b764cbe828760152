"""The national layer's data: schemas (`schema`), checked reading into typed tables (`tables`),
row-against-row rules (`rules`) and the catalogue's place in the legal network (`network`).

Its analyses live in `dxcompare.analysis`, its views in `dxcompare.present.national`, its figures in
`dxcompare.national_charts` and `dxcompare.tilegrid`.
"""
