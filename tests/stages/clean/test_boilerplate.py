from __future__ import annotations

import pytest

from newsledger.stages.clean.blocks import split_blocks
from newsledger.stages.clean.boilerplate import classify, find_boilerplate, parse_lexicon, patterns

# Lines written for these tests: many phrasings, outlet names, handles and URLs.
BOILERPLATE = [
    ("Subscribe to Elnor.Info Telegram channel, VK, RSS!", "subscribe prompt"),
    ("Sign up for The Courier's evening newsletter, free to your inbox.", "subscribe prompt"),
    ("Don't forget to subscribe to our YouTube channel.", "subscribe prompt"),
    ("Get the best stories of the week delivered to your inbox.", "subscribe prompt"),
    ("Harbour Desk Daily The port news you need, weekday mornings. Email Sign Up By signing up you agree to receive "
     "newsletters from the Courier. You can unsubscribe at any time.", "subscribe prompt"),
    ("Morning Brief Your guide to the quay. Sign Up Loading Please verify you're not a robot.", "subscribe prompt"),
    ("Follow us on Instagram and X for live updates.", "follow prompt"),
    ("Follow Velden Post on Telegram: @veldenpost", "follow prompt"),
    ("- Follow the Harbour Desk on Twitter: @harbourdesk", "follow prompt"),
    ("Like Elnor Courier on Facebook", "follow prompt"),
    ("Follow her on Twitter @mcastell.", "follow prompt"),
    ("Share this story", "share prompt"),
    ("Facebook | Twitter | WhatsApp | Email", "follow prompt"),
    ("Click here to get the full timeline of the dispute.", "call to action"),
    ("Support independent journalism: become a member today.", "call to action"),
    ("Please consider making a donation to keep our newsroom going.", "call to action"),
    ("Have a tip about the port? Email tips@courier.example.", "call to action"),
    ("A word from us If you liked this story, here is an offer: join Courier Plus. Members read everything, ad-free.",
     "call to action"),
    ("Courier transcripts are produced on a rush deadline by a contractor. This text may not be in its final form.",
     "editor's note"),
    ("Mira Castell (mira@courier.example) is a columnist whose essays on harbours have appeared in many papers.",
     "contributor credit"),
    ("ADVERTISEMENT", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("Enlarge this image toggle caption Ana Ruiz/AFP via Getty Images Ana Ruiz/AFP via Getty Images", "photo credit"),
    ("Photo: Ana Ruiz / Reuters", "photo credit"),
    ("(Photo by Ana Ruiz/Getty Images)", "photo credit"),
    ("Dock workers unload a vessel in Port Elnor on Monday. Ana Ruiz/AP Photo", "photo credit"),
    ("Copyright 2024 Elnor Courier. All rights reserved.", "copyright"),
    ("© 2023 Velden Media Group", "copyright"),
    ("This article originally appeared on The Harbour Review.", "copyright"),
    ("Read more: https://courier.example/news/port-dredging", "related link"),
    ("READ MORE: Oyster farmers count the cost of the dredging", "related link"),
    ("Related coverage: How the terminal deal was struck", "related link"),
    ("You might also like: Ten harbours worth a visit", "related link"),
    ("https://www.courier.example/port/terminal-12345", "related link"),
    ("We use cookies to give you the best experience. By continuing to browse you agree.", "cookie notice"),
    ("Download the Elnor Courier app for iPhone and Android.", "app prompt"),
    ("Read this story in our app.", "app prompt"),
    ("Editor's note: This story was updated to add a statement from the authority.", "editor's note"),
    ("Correction: An earlier version of this article gave the wrong opening month.", "editor's note"),
    ("Rectificatif : la première version de ce texte donnait un mauvais horaire pour le bac.", "editor's note"),
    ("Korrektur: Zunächst hieß es, der Hafen öffne im Mai.", "editor's note"),
    ("Aktualisiert am 4. März 2024, 09:15 Uhr", "editor's note"),
    ("Aggiornamento 18.40: riaperta la banchina nord.", "editor's note"),
    ("Обновлено 12.05.2024 в 10:20", "editor's note"),
    ("Düzeltme: Haberin ilk halinde limanın adı yanlış yazılmıştı.", "editor's note"),
    ("Nota de la redacción: se ha añadido la respuesta del puerto.", "editor's note"),
    ("【訂正】港の名前を修正しました。", "editor's note"),
    ("Ana Ruiz reported from Velden.", "contributor credit"),
    ("Ana Ruiz reported from Velden. Jon Avery contributed from Port Elnor.", "contributor credit"),
    ("Associated Press writer Jon Avery in Velden contributed to this report.", "contributor credit"),
    ("(Reporting by Ana Ruiz; Editing by Jon Avery)", "contributor credit"),
    ("Jon Avery and Ana Ruiz contributed to this report.", "contributor credit"),
    ("— With assistance by Ana Ruiz, Jon Avery and Mira Castell", "contributor credit"),
    ("Ana Ruiz is a harbour analyst and Contributing Editor for the Courier. You can read more about the port in her "
     "new book, Silt and Steel.", "contributor credit"),
    ("Cruises With The Courier Be the first to hear about our river cruises and sail with fellow readers.", "call to action"),
]

# Article sentences that look a little like boilerplate but are not.
ARTICLE = [
    "Fishermen said they would follow the dredging closely.",
    "Subscribers to the water-quality service complained on Monday.",
    "The authority reported from its own survey that silt levels had doubled.",
    "Lengthy Delays Reported In Port Elnor Terminal Works",
    "The court's ruling may not be published until the appeal is heard.",
    "He read more than two hundred pages of the permit file before the hearing.",
    "Click-through rates of the port's website doubled after the announcement, officials said.",
    "Photographers gathered at the quay as the first ship arrived.",
    "Copyright lawyers for the authority declined to comment on the design of the terminal.",
    "The share of containers handled by rail will rise to a third.",
    "By signing up, the dock workers agreed to a two-year freeze on wages, the union said.",
    "Members can opt out of the pension plan at any time, the authority said.",
    "With assistance from the navy, divers recovered the anchor on Sunday.",
    "Castell, a former editor at the Courier, said the port would reopen. You can read the ruling online.",
    "The fishermen will be the first to hear about the results, the authority said.",
    "Actualización de las tarifas portuarias llegará en marzo, dijo el ministro.",
    "Korrektur der Hafengebühren folgt nach der Wahl, sagte die Senatorin.",
    "Update on the dredging came from the harbour master on Tuesday.",
]


@pytest.mark.parametrize(("text", "reason"), BOILERPLATE)
def test_boilerplate_lines(text: str, reason: str) -> None:
    assert classify(text) == reason


@pytest.mark.parametrize("text", ARTICLE)
def test_article_sentences_are_kept(text: str) -> None:
    assert classify(text) is None


def test_separator_and_credit_are_one_span() -> None:
    text = "The terminal opens in March.\n\n___\n\nAna Ruiz reported from Velden."
    removed = find_boilerplate(text, split_blocks(text))
    assert len(removed) == 1
    r = removed[0]
    assert text[r.start:r.end] == "___\n\nAna Ruiz reported from Velden." and r.kind == "boilerplate"
    assert r.reason == "contributor credit"


def test_scene_break_inside_story_is_kept() -> None:
    text = "The terminal opens in March.\n\n* * *\n\nIn Velden, the court met again on the dredging case."
    assert find_boilerplate(text, split_blocks(text)) == []


def test_sentence_inside_paragraph() -> None:
    # (the first line is a sentence of the story: a two-word fragment there is the line model's call, not this test's)
    intro = "The port reopened on Monday after the strike."
    text = intro + "\nThe terminal opens in March, the authority said. Follow us on Telegram for updates."
    start = text.index("The terminal")
    mid = text.index("Follow")
    removed = find_boilerplate(text, split_blocks(text), [(0, len(intro)), (start, mid - 1), (mid, len(text))])
    assert [text[r.start:r.end] for r in removed] == ["Follow us on Telegram for updates."]


def test_lexicon_parses_and_reports_bad_lines() -> None:
    assert len(patterns()) > 40
    with pytest.raises(ValueError, match="expected"):
        parse_lexicon(["reason only"])
    with pytest.raises(ValueError, match="bad regular expression"):
        parse_lexicon(["x\tstart\t(unclosed"])
