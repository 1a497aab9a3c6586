"""A small LimeSurvey structure file written the way LimeSurvey 6 exports it."""


def table(name, rows):
    if not rows:
        return ""
    fields = "".join(f"<fieldname>{f}</fieldname>" for f in rows[0])
    body = "".join(
        "<row>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in row.items()) + "</row>"
        for row in rows
    )
    return f"<{name}><fields>{fields}</fields><rows>{body}</rows></{name}>"


def question(qid, gid, code, kind, order, relevance="1", parent="0", mandatory="N"):
    return {"qid": qid, "parent_qid": parent, "sid": "1", "gid": gid, "type": kind,
            "title": code, "other": "N", "mandatory": mandatory, "question_order": order,
            "scale_id": "0", "relevance": relevance}  # fmt: skip


def lss(*, questions, subquestions=(), answers=(), texts=(), answer_texts=(), conditions=(),
        languages=("en", "ar"), extra=""):  # fmt: skip
    langs = "".join(f"<language>{lang}</language>" for lang in languages)
    groups = [{"gid": "10", "sid": "1", "group_order": "0", "grelevance": "1"}]
    group_texts = [
        {"id": str(n), "gid": "10", "group_name": name, "description": "", "language": lang}
        for n, (lang, name) in enumerate(zip(languages, ["Work", "العمل"], strict=False))
    ]
    survey = [{"sid": "1", "language": languages[0],
               "additional_languages": " ".join(languages[1:]), "assessments": "Y"}]  # fmt: skip
    settings = [{"surveyls_survey_id": "1", "surveyls_language": languages[0],
                 "surveyls_title": "Team <b>check</b>"}]  # fmt: skip
    return (
        '<?xml version="1.0" encoding="UTF-8"?><document>'
        "<LimeSurveyDocType>Survey</LimeSurveyDocType><DBVersion>641</DBVersion>"
        f"<languages>{langs}</languages>"
        + table("answers", list(answers))
        + table("answer_l10ns", list(answer_texts))
        + table("conditions", list(conditions))
        + table("groups", groups)
        + table("group_l10ns", group_texts)
        + table("questions", list(questions))
        + table("subquestions", list(subquestions))
        + table("question_l10ns", list(texts))
        + table("surveys", survey)
        + table("surveys_languagesettings", settings)
        + extra
        + "</document>"
    ).encode()


def text(n, qid, lang, words, help_text=""):
    return {"id": str(n), "qid": qid, "question": words, "help": help_text,
            "language": lang}  # fmt: skip
