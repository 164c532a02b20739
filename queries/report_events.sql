-- Every event of reports.csv (nộp, trả lại, duyệt, mở khóa), oldest first: the states,
-- rates and locks are derived from them in antt/reporting.py.
-- params: none
select
    record_id,
    unit_code,
    period,
    status,
    done_on,
    "user",
    note
from reports
order by done_on, record_id
