"""The one catalogue of user-facing messages (French), each with a stable code.

Codes are grouped by prefix: ``REF`` for référentiel files, ``ANS`` for answer sets,
``GOLD`` for golden examples. A template names the problem, the rule and the fix; its
``{placeholders}`` are filled by :func:`evalsoc.issues.make_issue`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["CATALOGUE", "Code", "Entry"]


class Code(StrEnum):
    # référentiel files
    REF_YAML_SYNTAX = "REF001"
    REF_SCHEMA = "REF002"
    REF_DUPLICATE_ID = "REF003"
    REF_UNKNOWN_SCALE = "REF004"
    REF_UNKNOWN_GROUP = "REF005"
    REF_FORMULA_SYNTAX = "REF006"
    REF_FORMULA_NAME = "REF007"
    REF_FORMULA_NOT_NUMERIC = "REF008"
    REF_BANDS_ORDER = "REF009"
    REF_BANDS_POLARITY = "REF010"
    REF_UNREACHABLE = "REF011"
    REF_UNSCORED_QUESTION = "REF012"
    REF_SCORING_MISMATCH = "REF013"
    REF_LEVELS = "REF014"
    REF_NOT_FOUND = "REF015"
    REF_LOCK_MISMATCH = "REF016"
    REF_FILE_NAME = "REF017"
    REF_EMPTY_NODE = "REF018"
    REF_UNKNOWN_QUESTION = "REF019"
    # answer sets
    ANS_JSON = "ANS001"
    ANS_SCHEMA = "ANS002"
    ANS_REFERENTIEL = "ANS003"
    ANS_UNKNOWN_QUESTION = "ANS004"
    ANS_UNKNOWN_RESPONDENT = "ANS005"
    ANS_WRONG_GROUP = "ANS006"
    ANS_NOT_AN_OPTION = "ANS007"
    ANS_NOT_A_NUMBER = "ANS008"
    ANS_OUT_OF_BOUNDS = "ANS009"
    ANS_NOT_A_DATE = "ANS010"
    ANS_DUPLICATE = "ANS011"
    ANS_REQUIRED = "ANS012"
    ANS_TOO_LONG = "ANS013"
    ANS_HASH = "ANS014"
    ANS_CONVERTED = "ANS015"
    ANS_NOT_INTEGER = "ANS016"
    ANS_STATUS_NOT_ALLOWED = "ANS017"
    # golden examples
    GOLD_MISMATCH = "GOLD001"
    GOLD_UNREADABLE = "GOLD002"
    GOLD_MISSING = "GOLD003"


@dataclass(frozen=True)
class Entry:
    title: str
    template: str
    warning: bool = False


CATALOGUE: dict[Code, Entry] = {
    Code.REF_YAML_SYNTAX: Entry(
        "YAML illisible",
        "le fichier n'est pas un YAML valide ({detail}). Corrigez la syntaxe à cette ligne "
        "(indentation, deux-points, guillemets).",
    ),
    Code.REF_SCHEMA: Entry(
        "Champ invalide",
        "{detail}. Corrigez ce champ selon le format des référentiels (docs/referentiels.md).",
    ),
    Code.REF_DUPLICATE_ID: Entry(
        "Identifiant en double",
        "l'identifiant « {id} » est déjà utilisé ({other}). Chaque dimension, critère, "
        "indicateur et question doit avoir un identifiant unique : renommez l'un des deux.",
    ),
    Code.REF_UNKNOWN_SCALE: Entry(
        "Échelle inconnue",
        "la question « {question} » utilise l'échelle « {scale} », qui n'est pas définie. "
        "Échelles définies : {known}. Ajoutez-la dans « scales » ou corrigez le nom.",
    ),
    Code.REF_UNKNOWN_GROUP: Entry(
        "Groupe de répondants inconnu",
        "la question « {question} » est posée au groupe « {group} », qui n'est pas défini. "
        "Groupes définis : {known}.",
    ),
    Code.REF_FORMULA_SYNTAX: Entry(
        "Formule illisible",
        "la formule « {formula} » ne peut pas être lue ({detail}). Utilisez des identifiants "
        "de questions, des nombres, + - * / ( ) et min, max, abs, round.",
    ),
    Code.REF_FORMULA_NAME: Entry(
        "Formule : question inconnue",
        "la formule « {formula} » cite « {name} », qui n'est pas une question du référentiel.",
    ),
    Code.REF_FORMULA_NOT_NUMERIC: Entry(
        "Formule : question non numérique",
        "la formule « {formula} » cite « {name} », une question de type {type} posée au groupe "
        "« {group} » ; une formule ne peut utiliser que des questions numériques de la "
        "structure (entier, nombre, pourcentage, montant).",
    ),
    Code.REF_BANDS_ORDER: Entry(
        "Tranches dans le désordre",
        "les bornes des tranches doivent être strictement croissantes ; reçu : {bounds}.",
    ),
    Code.REF_BANDS_POLARITY: Entry(
        "Tranches incohérentes avec le sens",
        "avec le sens « {polarity} », les scores des tranches doivent être {rule} ; "
        "reçu : {scores}.",
    ),
    Code.REF_UNREACHABLE: Entry(
        "Score inatteignable",
        "le nœud « {node} » ne peut pas atteindre {bound} (scores possibles de {low} à {high}). "
        "Revoyez les scores des options ou des tranches.",
    ),
    Code.REF_UNSCORED_QUESTION: Entry(
        "Question ni notée ni informative",
        "la question « {question} » n'entre dans aucun score : utilisez-la dans la notation de "
        "son indicateur ou une formule, ou déclarez l'indicateur « informational ».",
    ),
    Code.REF_SCORING_MISMATCH: Entry(
        "Notation incompatible",
        "l'indicateur « {indicator} » : {detail}.",
    ),
    Code.REF_LEVELS: Entry(
        "Niveaux incohérents",
        "les niveaux doivent commencer à 0 et avoir des seuils strictement croissants "
        "inférieurs à 100 ; reçu : {bounds}.",
    ),
    Code.REF_NOT_FOUND: Entry(
        "Référentiel introuvable",
        "aucun référentiel « {ref} » n'est disponible. Référentiels connus : {known}.",
    ),
    Code.REF_LOCK_MISMATCH: Entry(
        "Version publiée modifiée",
        "le référentiel publié {ref} a changé (empreinte {actual}, attendue {expected}). "
        "Une version publiée est immuable : créez une nouvelle version.",
    ),
    Code.REF_FILE_NAME: Entry(
        "Fichier mal rangé",
        "le fichier déclare {declared} mais est rangé sous {location}. Rangez-le sous "
        "referentiels/<id>/<version>.yaml.",
    ),
    Code.REF_EMPTY_NODE: Entry(
        "Nœud vide",
        "« {node} » n'a aucun {child} : ajoutez-en au moins un.",
    ),
    Code.REF_UNKNOWN_QUESTION: Entry(
        "Question inconnue",
        "la notation cite la question « {question} », qui n'appartient pas à l'indicateur "
        "« {indicator} ».",
    ),
    Code.ANS_JSON: Entry(
        "JSON illisible",
        "le fichier de réponses n'est pas un JSON valide ({detail}).",
    ),
    Code.ANS_SCHEMA: Entry(
        "Réponses mal formées",
        "{detail}. Voir le format dans docs/format-reponses.md.",
    ),
    Code.ANS_REFERENTIEL: Entry(
        "Référentiel des réponses introuvable",
        "les réponses se réfèrent à « {ref} », qui n'est pas disponible. Référentiels "
        "connus : {known}.",
    ),
    Code.ANS_UNKNOWN_QUESTION: Entry(
        "Question inconnue",
        "« {question} » n'est pas une question de {ref}. Vérifiez que le questionnaire "
        "correspond bien à ce référentiel et à cette version.",
    ),
    Code.ANS_UNKNOWN_RESPONDENT: Entry(
        "Répondant inconnu",
        "la réponse cite le répondant « {respondent} », absent de la liste des répondants.",
    ),
    Code.ANS_WRONG_GROUP: Entry(
        "Question posée à un autre groupe",
        "la question « {question} » s'adresse au groupe « {expected} », pas au répondant "
        "« {respondent} » du groupe « {group} ».",
    ),
    Code.ANS_NOT_AN_OPTION: Entry(
        "Réponse hors liste",
        "« {raw} » n'est pas une réponse possible à « {question} ». Réponses acceptées : "
        "{accepted}. Choisissez une valeur dans la liste.",
    ),
    Code.ANS_NOT_A_NUMBER: Entry(
        "Nombre attendu",
        "« {raw} » n'est pas un nombre (question « {question} »). Saisissez un nombre, "
        "par exemple 3,5 ; laissez vide si vous ne savez pas.",
    ),
    Code.ANS_NOT_INTEGER: Entry(
        "Nombre entier attendu",
        "« {raw} » n'est pas un nombre entier (question « {question} »). Saisissez un "
        "nombre sans décimale.",
    ),
    Code.ANS_OUT_OF_BOUNDS: Entry(
        "Valeur hors bornes",
        "{value} est hors des bornes de « {question} » ({bounds}). Vérifiez la saisie "
        "(unité, virgule, pourcentage).",
    ),
    Code.ANS_NOT_A_DATE: Entry(
        "Date attendue",
        "« {raw} » n'est pas une date lisible (question « {question} »). Saisissez-la "
        "au format jj/mm/aaaa.",
    ),
    Code.ANS_DUPLICATE: Entry(
        "Réponse en double",
        "la question « {question} » a plusieurs réponses du répondant « {respondent} » ; "
        "seule la première est gardée. Supprimez les doublons.",
    ),
    Code.ANS_REQUIRED: Entry(
        "Réponse obligatoire manquante",
        "la question obligatoire « {question} » n'a pas de réponse. Répondez, ou indiquez "
        "« non concerné » ou « ne sait pas ».",
        warning=True,
    ),
    Code.ANS_TOO_LONG: Entry(
        "Texte trop long",
        "la réponse à « {question} » fait {length} caractères, au-delà des {limit} qu'un "
        "tableur accepte. Raccourcissez-la.",
    ),
    Code.ANS_HASH: Entry(
        "Version du référentiel différente",
        "les réponses ont été préparées pour {ref} d'empreinte {expected}, mais ce "
        "référentiel a l'empreinte {actual}. Régénérez le questionnaire avec la version "
        "publiée.",
    ),
    Code.ANS_CONVERTED: Entry(
        "Valeur convertie",
        "« {raw} » a été lu comme {value} (question « {question} »).",
        warning=True,
    ),
    Code.ANS_STATUS_NOT_ALLOWED: Entry(
        "Non concerné impossible",
        "la question « {question} » ne peut pas être « non concerné » : répondez, ou "
        "indiquez « ne sait pas ».",
    ),
    Code.GOLD_MISMATCH: Entry(
        "Exemple de référence faux",
        "l'exemple « {example} » attend {expected} pour « {node} », le calcul donne {actual}.",
    ),
    Code.GOLD_UNREADABLE: Entry(
        "Exemple de référence illisible",
        "l'exemple « {example} » ne peut pas être lu : {detail}.",
    ),
    Code.GOLD_MISSING: Entry(
        "Aucun exemple de référence",
        "le référentiel n'a aucun exemple de référence (fichiers "
        "referentiels/<id>/examples/<version>/*.json) : ajoutez-en au moins un avec ses "
        "scores attendus.",
    ),
}
