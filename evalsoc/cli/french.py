"""French for click's own words (usage, headings, common errors).

click marks its messages for gettext but ships no translations; rather than install a
process-wide catalogue, the click modules' ``_``/``ngettext`` names are pointed at this
table, which falls back to the original text for anything not listed.
"""

from __future__ import annotations

import importlib

__all__ = ["install"]

MESSAGES = {
    "Usage:": "Usage :",
    "Options": "Options",
    "Commands": "Commandes",
    "Positional arguments": "Arguments",
    "Show this message and exit.": "Affiche cette aide et quitte.",
    "Show the version and exit.": "Affiche la version et quitte.",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Essayez « {command} {option} » pour l'aide.",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Missing {param_type}": "{param_type} manquant(e)",
    "Missing command.": "Commande manquante.",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    "No such option {name!r}.": "Option inconnue : {name!r}.",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Aborted!": "Interrompu.",
    "default: {default}": "par défaut : {default}",
    "required": "obligatoire",
    "file": "Fichier",
    "directory": "Dossier",
    "path": "Chemin",
    "{name} {filename!r} does not exist.": "{name} {filename!r} introuvable.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} est un dossier.",
    "{name} {filename!r} is a file.": "{name} {filename!r} est un fichier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} n'est pas lisible.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} n'est pas accessible en écriture.",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un nombre valide.",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "Choose from:\n\t{choices}": "Choisissez parmi :\n\t{choices}",
    "Could not open file {filename!r}: {message}":
        "Impossible d'ouvrir le fichier {filename!r} : {message}",
}
PLURALS = {
    "Got unexpected extra argument ({args})": "Argument(s) en trop : ({args})",
    "Did you mean {possibility}?": "Vouliez-vous dire {possibility} ?",
    "Option {name!r} requires an argument.": "L'option {name!r} demande une valeur.",
    "{value!r} is not {choice}.": "{value!r} ne fait pas partie des choix : {choice}.",
}


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return PLURALS.get(singular, singular if n == 1 else plural)


def install() -> None:
    for name in ("core", "decorators", "exceptions", "formatting", "parser", "types",
                 "termui"):
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
