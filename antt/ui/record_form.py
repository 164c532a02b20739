"""One record at a time: the “Thêm một bản ghi” form, and picking a stored record to fix.

Both use the same fields: commune then village (dependent, limited to the editor's communes),
a dd/mm/yyyy date that cannot pass today, the village's models active that day, the coded
columns by their Vietnamese labels, and numbers within the import's bounds. A new record is
stored through antt.entry.one_record.save_record (the importer's own path); a correction through the
writer, which applies the same checks. Laid out in one column so it works at 360 px.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow as pa
import streamlit as st

from antt.access import editors_file
from antt.data.schema import TABLES, Column, Table
from antt.entry import importer, one_record
from antt.indicators.data_rows import VILLAGE
from antt.indicators.view_text import unit_label
from antt.text.escape import md, md_list
from antt.text.fmt import number, today_local
from antt.text.unit_map import parse_option
from antt.ui.data import shared, store
from antt.ui.data_editing import stored_table
from antt.ui.editor_auth import recheck
from antt.ui.tables import show as show_table
from antt.writes import writer

LAST_PLACE_KEY = "entry_last_place"  # (commune, village) of the last saved record
SAVED_KEY = "entry_saved"  # (table, audit id, shown row) of the record just saved
_LOOKUPS = ("villages", "communes", "communes_2025", "models", "vocab")
_NO_MODEL = ""


def _lookups() -> dict[str, pa.Table]:
    """The tables the form's choices come from, read once per data version for every session
    (not on each rerun of each editor's form)."""
    data_dir = str(store().data_dir)
    return shared(("record_form_lookups",),
                  lambda: {name: stored_table(data_dir, name) for name in _LOOKUPS})


def _problem_lines(problems) -> str:
    """Problems of a one-row file, said per field (no file or row number for a form)."""
    lines = []
    for p in problems:
        label = p.column
        for table in TABLES.values():
            if p.column in table.column_names:
                label = table.column(p.column).label
                break
        lines.append(f"{label}: {p.message}" if label else p.message)
    return md_list(lines)


def _places(editor: editors_file.Editor) -> one_record.Places:
    """The communes and villages offered to this editor, built once per data version."""
    return shared(("record_form_places", editor.communes),
                  lambda: one_record.places(_lookups(), editor.communes))


def _place(where: one_record.Places, prefix: str, initial: dict) -> tuple[str | None, str | None]:
    """Commune then village selects; the village list follows the commune. The communes are
    today's first, then the old ones (one_record.Places says why); a record being fixed opens on
    its village's new commune."""
    last_commune, last_village = st.session_state.get(LAST_PLACE_KEY, (None, None))
    village_at = {v.code: v for v in where.villages}
    start = initial.get("village_code") or last_village
    commune_codes = list(where.communes)
    commune_default = village_at[start].commune_2025 if start in village_at else None
    if not initial.get("village_code") and last_commune in commune_codes:
        commune_default = last_commune  # the next entry starts where the last one was saved
    today_communes = [c for c in commune_codes if parse_option(c, "2025")[0] == "2025"]
    if commune_default is None and len(today_communes) == 1:
        commune_default = today_communes[0]  # an editor of one commune: theirs
    # Nothing is chosen for the officer otherwise: a record saved under the first commune of
    # the list because nobody looked is a wrong figure nobody sees.
    commune = st.selectbox(
        "Xã", commune_codes, format_func=where.communes.get, key=f"{prefix}_commune",
        index=commune_codes.index(commune_default) if commune_default in commune_codes else None,
        placeholder="Chọn xã…")
    villages = where.villages_of(commune) if commune else {}
    codes = list(villages)
    village_default = start if start in codes else (codes[0] if len(codes) == 1 else None)
    village = st.selectbox(
        "Thôn", codes, format_func=villages.get, key=f"{prefix}_village",
        index=codes.index(village_default) if village_default in codes else None,
        placeholder="Chọn thôn…" if commune else "Chọn xã trước")
    return commune, village


def _field(table: Table, col: Column, tables: dict[str, pa.Table], prefix: str, initial: dict,
           village: str | None, day: dt.date | None):
    """One input for one column; returns the value in the form the importer reads."""
    key = f"{prefix}_{col.name}"
    value = initial.get(col.name)
    today = today_local()
    if col.name == "model_id":
        on = day or today
        models = dict(shared(("record_form_models", village or "", on),
                             lambda: one_record.active_models(tables["models"], village or "", on)))
        if value and value not in models:
            models[value] = f"{value} (không hoạt động ngày này)"
        options = [_NO_MODEL, *models]
        return st.selectbox(
            col.label.replace("Mã mô hình", "Mô hình"), options,
            index=options.index(value) if value in options else 0, key=key,
            format_func=lambda m: models.get(m, "Không thuộc mô hình nào"),
            help="Các mô hình của thôn đang hoạt động vào ngày đã chọn.")
    if col.vocab:
        labels = shared(("record_form_vocab", table.name, col.name),
                        lambda: one_record.vocab_options(tables["vocab"], table.name, col.name))
        options = list(labels)
        return st.selectbox(col.label, options, key=key, format_func=labels.get,
                            index=options.index(value) if value in options else None,
                            placeholder="Chọn…")
    if col.type == "date":
        shown = dt.date.fromisoformat(value) if value else (today if col.required else None)
        return st.date_input(col.label, value=shown, min_value=one_record.FIRST_DAY,
                             max_value=today, format="DD/MM/YYYY", key=key, help=col.help or None)
    if col.type == "int":
        return st.number_input(col.label, min_value=one_record.INT_MIN,
                               max_value=one_record.INT_MAX,
                               value=int(value) if value not in (None, "") else None, step=1,
                               key=key, placeholder="Nhập số")
    if col.type == "bool":
        options = ["không", "có"]
        chosen = "có" if str(value).lower() in ("true", "có") else "không"
        return st.radio(col.label, options, index=options.index(chosen), horizontal=True,
                        key=key, format_func=str.capitalize)
    return st.text_input(col.label, value=value or "", key=key, max_chars=300,
                         help=col.help or None)


def record_fields(name: str, editor: editors_file.Editor, prefix: str,
                  initial: dict | None = None) -> dict[str, object] | None:
    """Every field of one record, in the table's order (place first). None: nothing to enter."""
    table = TABLES[name]
    tables = _lookups()
    initial = initial or {}
    where = _places(editor)
    if not where.communes:
        st.warning("Bạn không được nhập dữ liệu của xã nào.")
        return None
    commune, village = _place(where, prefix, initial)
    values: dict[str, object] = {"village_code": village or ""}
    date_col = table.date_column or "established_on"
    for col in table.columns:
        if col.name in ("village_code", "record_id") or col.name in values:
            continue
        if col.name == "model_id" and name != "models":
            continue  # after the date: the models offered depend on it
        if name == "models" and col.name == "model_id":
            values["model_id"] = (initial.get("model_id")
                                  or one_record.next_model_id(tables["models"]))
            st.text_input("Mã mô hình (tự cấp)", value=values["model_id"], disabled=True,
                          key=f"{prefix}_model_id_shown")
            continue
        values[col.name] = _field(table, col, tables, prefix, initial, village, None)
        if col.name == date_col:
            note = where.unit_note(commune, village, values[col.name])
            if note:
                st.caption(md(note))
        if col.name == date_col and "model_id" in table.column_names and name != "models":
            values["model_id"] = _field(table, table.column("model_id"), tables, prefix,
                                        initial, village, values[col.name])
    if initial.get("record_id"):
        values["record_id"] = initial["record_id"]
    return values


def show_add_form(name: str, editor: editors_file.Editor) -> None:
    """“Thêm một bản ghi”: the form, the save, and an undo for the record just saved."""
    if name not in one_record.FORM_TABLES:
        st.info("Bảng này được cập nhật bằng tệp (thẻ “Nhập từ tệp”).")
        return
    data_dir = store().data_dir
    values = record_fields(name, editor, f"add_{name}")
    if values is not None and st.button("Lưu bản ghi", type="primary", key=f"add_{name}_save"):
        editor = recheck(editor)  # locked meanwhile: nothing saved; new communes: checked
        result = one_record.save_record(name, values, data_dir, user=editor.name,
                                   communes=editor.communes)
        if not result.ok:
            st.session_state.pop(SAVED_KEY, None)  # an older “Đã lưu” would read as this one
            st.error("Chưa lưu. Hãy sửa:\n\n" + _problem_lines(result.problems))
        elif result.audit is not None:
            store().refresh()
            st.session_state[LAST_PLACE_KEY] = (st.session_state.get(f"add_{name}_commune"),
                                                values["village_code"])
            st.session_state[SAVED_KEY] = (name, result.audit.id,
                                           one_record.saved_row(result, data_dir))
    _show_saved(name, editor, data_dir)


def _typed_row(name: str, row: dict[str, str]) -> pd.DataFrame:
    """A stored row's text (by column label) as values, so the table shows them as every table
    does: 05/06/2024, 1.200, Có/Không. Text that does not parse is shown as it is."""
    columns = {col.label: col for col in TABLES[name].columns}
    values: dict[str, object] = {}
    for label, text in row.items():
        kind = columns[label].type if label in columns else "text"
        value: object = text
        if text and kind == "date":
            with contextlib.suppress(ValueError):
                value = dt.date.fromisoformat(text)
        elif text and kind in ("int", "float"):
            with contextlib.suppress(ValueError):
                value = int(text) if kind == "int" else float(text)
        elif text and kind == "bool":
            value = {"true": True, "false": False}.get(text.strip().lower(), text)
        values[label] = value
    return pd.DataFrame([values])


def _show_saved(name: str, editor: editors_file.Editor, data_dir: Path) -> None:
    saved = st.session_state.get(SAVED_KEY)
    if not saved or saved[0] != name:
        return
    _, audit_id, row = saved
    st.success(md(one_record.saved_text(name, row, audit_id)))
    if row:
        show_table(_typed_row(name, row), key=f"saved_{audit_id}", totals=False)
    last = writer.last_undoable(data_dir)
    if last is None or last.id != audit_id:
        return  # someone wrote after it: undo it from “Thay đổi gần đây”
    if st.button("Hoàn tác", key=f"undo_saved_{audit_id}"):
        editor = recheck(editor)
        try:
            undone = writer.undo_last(data_dir, editor.name)
        except writer.WriteError as exc:
            st.error(_problem_lines(exc.problems))
            return
        store().refresh()
        del st.session_state[SAVED_KEY]
        st.success(f"Đã hoàn tác bản ghi vừa lưu (nhật ký số {undone.id}).")


def _stored_text(col: Column, value: object) -> str:
    """A form value as the stored CSV writes it (the writer's correction takes text)."""
    if col.type == "bool":
        return writer.cell_text(value == "có")
    return writer.cell_text(value)


def _readable(name: str, rows: pd.DataFrame, tables: dict[str, pa.Table], unit_set: str
              ) -> pd.DataFrame:
    """The records as the picker shows them, row for row: the key first (it stays pinned),
    then the village and its commune by name, the model's name, each coded value's label,
    under Vietnamese headers (as on “Xem, tải về”)."""
    table = TABLES[name]
    villages = tables["villages"].to_pandas()
    communes = tables["communes"].to_pandas()[["commune_code", "commune_name",
                                                "commune_code_2025"]]
    places = villages.merge(communes, on="commune_code", how="left", suffixes=("_own", ""))
    if "commune_code_2025_own" in places:  # a village of a split commune names its own
        places["commune_code_2025"] = places.pop("commune_code_2025_own").fillna(
            places["commune_code_2025"])
    if unit_set == "2025":
        names = tables["communes_2025"].to_pandas()[["commune_code_2025", "commune_name_2025"]]
        places = places.merge(names, on="commune_code_2025", how="left")
        unit = places["commune_name_2025"]
    else:
        unit = places["commune_name"]
    village = dict(zip(places["village_code"],
                       places["kind"].str.capitalize() + " " + places["village_name"],
                       strict=True))
    commune = dict(zip(places["village_code"], unit, strict=True))
    models = tables["models"].to_pandas()
    model = dict(zip(models["model_id"], models["model_name"], strict=True))

    def named(column: str, labels: dict) -> pd.Series:
        return rows[column].map(lambda code: labels.get(code, code))

    out = {table.column(k).label: rows[k] for k in table.key}
    for col in table.columns:
        if col.name in table.key:
            continue
        if col.name == "village_code":
            out[VILLAGE] = named(col.name, village)
            out[unit_label(unit_set)] = named(col.name, commune)
        elif col.name == "model_id":
            out["Mô hình"] = named(col.name, model)
        elif col.vocab:
            out[col.label] = named(col.name, one_record.vocab_options(tables["vocab"], name,
                                                                  col.name))
        else:
            out[col.label] = rows[col.name]
    return pd.DataFrame(out)


def show_pick_and_fix(name: str, editor: editors_file.Editor, filters) -> None:
    """The editor's records within the filters; a clicked row opens in the form to fix."""
    table = TABLES[name]
    if name not in one_record.FORM_TABLES:
        st.info("Bảng này được sửa bằng tệp (thẻ “Nhập từ tệp”).")
        return
    data_dir = store().data_dir
    c = filters.comparison(None)
    view = (name, c.current.start, c.current.end, tuple(filters.communes), filters.unit_set,
            editor.communes)
    # the table read and filtered once per data version and view, not on every rerun
    rows = shared(("record_form_editable", *view), lambda: one_record.editable_rows(
        name, stored_table(str(data_dir), name).to_pandas(), _lookups(),
        date_from=c.current.start, date_to=c.current.end, communes=list(filters.communes),
        unit_set=filters.unit_set, editor_communes=editor.communes))
    # ... and as the picker shows it (names and labels), row for row
    shown = shared(("record_form_picker", *view),
                   lambda: _readable(name, rows, _lookups(), filters.unit_set))
    scope = "các xã của bạn" if editor.restricted else "mọi xã"
    st.caption(f"{number(len(rows))} bản ghi của {scope} trong bộ lọc. Bấm vào một dòng để sửa.")
    # The app's table formats (dd/mm/yyyy, 74.392, Có/Không) and no totals row, so a selected
    # position is a position in `rows` (`shown` is `rows` row for row).
    picked = show_table(shown, key=f"pick_{name}", height=280, on_select="rerun",
                        selection_mode="single-row")
    # A selection kept from a longer list (the filters changed) points past the end.
    selected = [i for i in (picked.selection.rows if picked else []) if i < len(rows)]
    if not selected:
        return
    record = {k: writer.cell_text(v) if not pd.isna(v) else ""
              for k, v in rows.iloc[selected[0]].items()}
    key = {k: record[k] for k in table.key}
    st.subheader(f"Sửa bản ghi {md(' / '.join(key.values()))}")
    prefix = f"fix_{name}_{'_'.join(key.values())}"
    values = record_fields(name, editor, prefix, record)
    if values is None:
        return
    save = st.button("Lưu sửa đổi", type="primary", key=f"{prefix}_save")
    delete = st.button("Xóa bản ghi này", key=f"{prefix}_delete")
    text = {k: _stored_text(table.column(k), v) for k, v in values.items()
            if k not in table.key}
    if save or delete:
        editor = recheck(editor)  # locked meanwhile: nothing written; new communes: checked
    try:
        if save or delete:  # the scope check reads the data files: only when writing
            problems = importer.scope_problems(
                data_dir, [record.get("village_code", ""), text.get("village_code", "")],
                editor.communes)
            if problems:
                raise writer.WriteError(problems)
        if save:
            done = writer.correct_record(data_dir, name, key, text, editor.name)
            st.success(f"Đã sửa (nhật ký số {done.id}).")
        elif delete:
            done = writer.delete_record(data_dir, name, key, editor.name)
            st.success(f"Đã xóa (nhật ký số {done.id}).")
    except writer.WriteError as exc:
        st.error("Không ghi được:\n\n" + _problem_lines(exc.problems))
    if save or delete:
        store().refresh()

