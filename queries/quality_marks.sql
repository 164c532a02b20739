-- The follow-up state of every data-quality flag that has one: its last event in
-- quality_marks.csv (theo dõi, bỏ theo dõi, xác nhận đúng), who and when, with its note.
select flag, status, done_on, "user", note, record_id as mark_id
from quality_marks
qualify row_number() over (partition by flag order by record_id desc) = 1
order by flag;
