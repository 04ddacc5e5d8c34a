"""Village lists: importing workers from the cadres' Excel/CSV files (issue 12).

Reading a file (`reading.py`: type by content, encodings, loose header matching), checking every row
before anything is written (`checking.py`: the dry run, repairs made without doubt, problems tied to a
row and a column), saving the chosen rows in one transaction (`saving.py`: batch record, changes
recorded, households), the template and the error workbook. The shapes passed between them: `types.py`.
"""
