"""The "Lisez-moi" sheet's text: how to fill the workbook in, in plain French.

Each paragraph is a (kind, text) pair; kind is "h" for a heading, "p" for a paragraph,
"li" for a bullet.
"""

from __future__ import annotations

from evalsoc.referentiel.model import Group, Referentiel

__all__ = ["Paragraph", "individual_readme", "structure_readme"]

Paragraph = tuple[str, str]

_HOW: list[Paragraph] = [
    ("h", "Comment répondre"),
    ("li", "Écrivez seulement dans les cellules encadrées (colonne « Réponse », "
           "« Commentaire ») : le reste de la feuille est protégé."),
    ("li", "Quand une petite flèche apparaît à droite de la cellule, choisissez la réponse "
           "dans la liste déroulante. Pour les cases à cocher, mettez X."),
    ("li", "Les questions marquées * sont obligatoires : la cellule reste orangée tant "
           "qu'elle est vide et devient verte une fois remplie."),
    ("li", "« Non concerné » : la question ne s'applique pas à vous (par exemple, des "
           "questions sur les salariés dans une association sans salarié). « Ne sait "
           "pas » : la question s'applique, mais vous n'avez pas l'information. Une "
           "cellule vide veut dire « pas encore répondu ». Aucun des trois ne vaut zéro : "
           "si la réponse est zéro, écrivez 0."),
    ("li", "Nombres : des chiffres seuls, avec une virgule pour les décimales (3,5). "
           "Montants en euros, sans centimes. Pourcentages : tapez le nombre suivi de % "
           "(35 %). Dates : jj/mm/aaaa (30/06/2025)."),
    ("li", "Une aide s'affiche quand vous cliquez sur une cellule de réponse ; la colonne "
           "« Réponses possibles / aide » rappelle ce qui est attendu."),
    ("li", "Ne renommez pas les onglets ; n'insérez, ne supprimez et ne déplacez ni ligne "
           "ni colonne ; ne modifiez pas la colonne grise « Identifiant » ni la petite "
           "ligne grise des grilles : elles permettent de relire vos réponses."),
]


def _groups(referentiel: Referentiel, grids: dict[str, str]) -> list[Paragraph]:
    lines: list[Paragraph] = [
        ("h", "Un onglet par source de réponses"),
        ("li", "« Identification » : qui vous êtes, et ce qui peut être publié."),
        ("li", "« Questionnaire » : les réponses de la structure (bureau ou direction), "
               "tirées de vos comptes, bilans d'activité et registres."),
    ]
    for group in referentiel.groups:
        if group.id in grids:
            lines.append(("li", f"« {grids[group.id]} » : une ligne par personne, sans "
                                f"nom. {group.description}".strip()))
    lines.append(("li", "« Évaluateur » : rempli seulement en évaluation externe partagée, "
                        "par l'évaluateur."))
    if referentiel.dimensions:
        lines.append(("li", "« Plan d'action » : facultatif, les pistes retenues par le "
                            "conseil d'administration et l'analyse partagée des résultats."))
    return lines


def structure_readme(referentiel: Referentiel, name: str,
                     grids: dict[str, str]) -> list[Paragraph]:
    who = f"de {name}" if name else "de votre association"
    return [
        ("p", f"Ce classeur recueille les informations qui permettent d'évaluer l'utilité "
              f"sociale {who} : ce qu'elle apporte à l'emploi, au lien social, à la vie "
              "culturelle, à son territoire, à l'engagement de ses membres et à "
              "l'innovation. Les résultats se lisent dimension par dimension, jamais comme "
              "une note unique ; ils servent à rendre visible votre action, à en discuter "
              "avec vos partenaires et à choisir des pistes de progrès."),
        *_groups(referentiel, grids),
        *_HOW,
        ("h", "Renvoyer le questionnaire"),
        ("p", "Enregistrez le classeur au format Excel (.xlsx), sans mot de passe et sans "
              "changer son nom, puis renvoyez-le à la personne qui vous accompagne (DLA, "
              "réseau, consultant). Vous pouvez le renvoyer incomplet : les questions sans "
              "réponse seront signalées. Mais un questionnaire dont moins de la moitié des "
              "questions obligatoires (*) ont une réponse ne peut pas être évalué : il vous "
              "sera retourné. « Ne sait pas » et « non concerné » sont des réponses."),
        ("h", "Confidentialité"),
        ("p", "Les réponses des bénévoles, salariés, publics et partenaires sont anonymes : "
              "n'écrivez ni nom ni coordonnées. Dans « Identification », vous choisissez ce "
              "qui peut être publié des résultats de votre structure : une ligne à son nom "
              "et les chiffres d'ensemble (nominative) ; les seuls chiffres d'ensemble, "
              "jamais une ligne à part, même sans son nom (anonyme) ; rien, les résultats "
              "ne servant qu'à votre propre fiche (aucune). Sans réponse, rien n'est "
              "publié. Le choix le plus prudent entre le vôtre et celui que la personne "
              "qui vous accompagne a noté s'applique."),
    ]


def individual_readme(referentiel: Referentiel, group: Group, name: str,
                      number: int) -> list[Paragraph]:
    who = name or "l'association"
    return [
        ("p", f"Merci de prendre quelques minutes pour ce questionnaire. Il fait partie de "
              f"l'évaluation de l'utilité sociale de {who} : ce qu'elle apporte à ses "
              "membres, à ses publics et à son territoire. Vos réponses, avec celles des "
              "autres personnes interrogées, aident l'association à voir ce qui marche et "
              "ce qui peut progresser."),
        ("p", f"Vous répondez en tant que : {group.label.lower()} (questionnaire n° "
              f"{number}). {group.description}".strip()),
        ("h", "Anonymat"),
        ("p", "Ce questionnaire est anonyme : n'écrivez ni votre nom ni vos coordonnées, "
              "ni dans les réponses ni dans les commentaires."),
        *_HOW[:6],
        ("li", "Ne renommez pas les onglets et ne modifiez pas la colonne grise "
               "« Identifiant » : elle permet de relire vos réponses."),
        ("h", "Renvoyer le questionnaire"),
        ("p", "Enregistrez le fichier au format Excel (.xlsx), sans changer son nom, et "
              "renvoyez-le à la personne qui vous l'a transmis."),
    ]
