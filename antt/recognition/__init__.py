"""The yearly recognition "An toàn về an ninh, trật tự" (TT 124/2021/TT-BCA, issue 29): the
criteria file (data/recognition.toml), the committee's entered criteria (written through
antt.writes), the assessment of a year per thôn and xã, the scored workbook, the entry template
and the draft report in the notice's layout (antt.notice renderers).

Above antt.notice and antt.entry in the layers; imports them, antt.writes, antt.access,
antt.data and antt.text; never antt.ui or Streamlit.
"""
