-- Every allowed value of every coded column, with its Vietnamese label, in file order (the
-- import templates list them per column).
-- params: none
select "table", "column", value, label
from vocab
