"""Messages of the report, the XLSForm and the paper form in English and French.

The instrument's own texts (items, scale, blocks, dimensions) are translated in the instrument data
(``text_fr``, ``label_fr`` ... beside the English); this catalogue holds everything else the package
writes for respondents and readers. ``t("key", "fr", n=3)`` returns a message with ``{n}`` filled in.
"""

from __future__ import annotations

#: Language codes the package can write, with their names as shown in XLSForm column headers.
LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français"}

MESSAGES: dict[str, dict[str, str]] = {
    # --- shared -----------------------------------------------------------------------------------
    "all_respondents": {
        "en": "All respondents",
        "fr": "Ensemble des répondants",
    },
    "diagnostic": {
        "en": "This is a diagnostic to start a discussion, not a grade.",
        "fr": "Ceci est un diagnostic pour ouvrir la discussion, pas une note.",
    },
    "confidentiality": {
        "en": "Your answers are confidential. Do not write your name. Results are only ever shown for groups "
              "of at least {min_group_size} people, so no one can tell how you answered.",
        "fr": "Vos réponses sont confidentielles. N'inscrivez pas votre nom. Les résultats ne sont présentés "
              "que pour des groupes d'au moins {min_group_size} personnes : personne ne pourra savoir ce que "
              "vous avez répondu.",
    },
    "unit_question": {"en": "Your unit", "fr": "Votre structure"},
    "unit_hint": {
        "en": "The team, directorate or district health team you work in most.",
        "fr": "Le service, la direction ou l'équipe cadre de district où vous travaillez le plus.",
    },
    "role_question": {"en": "Your role", "fr": "Votre fonction"},
    "role_hint": {
        "en": "For example manager, technical officer, data manager, support staff. Leave empty if you prefer.",
        "fr": "Par exemple responsable, chargé de programme, gestionnaire de données, personnel d'appui. "
              "Vous pouvez laisser vide.",
    },
    "role_manager": {"en": "Manager or head of unit", "fr": "Responsable ou chef de structure"},
    "role_technical": {"en": "Technical or programme officer", "fr": "Cadre technique ou chargé de programme"},
    "role_data": {"en": "Data or information officer", "fr": "Gestionnaire de données ou chargé du SNIS"},
    "role_support": {"en": "Administrative or support staff", "fr": "Personnel administratif ou d'appui"},
    "role_other": {"en": "Other", "fr": "Autre"},
    "end_note": {
        "en": "Thank you. Please check your answers, then save and send the form.",
        "fr": "Merci. Vérifiez vos réponses, puis enregistrez et envoyez le formulaire.",
    },
    # --- paper form -------------------------------------------------------------------------------
    "paper_heading": {"en": "Questionnaire", "fr": "Questionnaire"},
    "paper_how": {
        "en": "Tick one box per statement. If a statement does not apply, leave its row empty.",
        "fr": "Cochez une seule case par affirmation. Si une affirmation ne s'applique pas, laissez la ligne vide.",
    },
    "paper_statement": {"en": "Statement", "fr": "Affirmation"},
    "paper_item": {"en": "No.", "fr": "N°"},
    "paper_reverse_symbol_note": {
        "en": "{symbol} marks a reverse-worded statement (used only in the scoring grid).",
        "fr": "{symbol} signale une affirmation formulée à l'envers (utile seulement pour la grille de calcul).",
    },
    "paper_date": {"en": "Date", "fr": "Date"},
    "paper_office_use": {"en": "For data entry only: respondent number", "fr": "Réservé à la saisie : numéro du répondant"},
    "grid_heading": {"en": "Scoring grid (optional)", "fr": "Grille de calcul (facultative)"},
    "grid_intro": {
        "en": "You can work out your own scores. For each dimension: copy your answers (1 = first column, "
              "7 = last column); for statements marked {symbol}, write 8 − answer instead; add up the numbers; "
              "divide by the number of statements you answered to get the mean; then "
              "score = (mean − 1) ÷ 6 × 100. A score needs answers to at least the number of statements shown.",
        "fr": "Vous pouvez calculer vos propres scores. Pour chaque dimension : recopiez vos réponses "
              "(1 = première colonne, 7 = dernière colonne) ; pour les affirmations marquées {symbol}, "
              "écrivez 8 − réponse ; additionnez ; divisez par le nombre d'affirmations auxquelles vous avez "
              "répondu pour obtenir la moyenne ; puis score = (moyenne − 1) ÷ 6 × 100. Un score demande au "
              "moins le nombre de réponses indiqué.",
    },
    "grid_dimension": {"en": "Dimension", "fr": "Dimension"},
    "grid_answers": {"en": "Answers (8 − answer for {symbol})", "fr": "Réponses (8 − réponse pour {symbol})"},
    "grid_sum": {"en": "Sum", "fr": "Somme"},
    "grid_n": {"en": "Answered (at least)", "fr": "Réponses (au moins)"},
    "grid_mean": {"en": "Mean", "fr": "Moyenne"},
    "grid_score": {"en": "Score (0–100)", "fr": "Score (0–100)"},
    "grid_example": {
        "en": "Example: answers 5, 6, 2 (marked {symbol}, so 8 − 2 = 6) and 4 give a sum of 21 and a mean of 5.25; "
              "score = (5.25 − 1) ÷ 6 × 100 = 71.",
        "fr": "Exemple : les réponses 5, 6, 2 (marquée {symbol}, donc 8 − 2 = 6) et 4 donnent une somme de 21 et une "
              "moyenne de 5,25 ; score = (5,25 − 1) ÷ 6 × 100 = 71.",
    },
    "paper_footer": {
        "en": "{title}, version {version}. Licence {licence}.",
        "fr": "{title}, version {version}. Licence {licence}.",
    },
    # --- report: sections and notes ---------------------------------------------------------------
    "synthetic_banner": {
        "en": "SYNTHETIC DATA: these answers were generated by a program. They describe no real ministry or person.",
        "fr": "DONNÉES SYNTHÉTIQUES : ces réponses ont été produites par un programme. Elles ne décrivent aucun "
              "ministère ni aucune personne réels.",
    },
    "default_title": {"en": "{title}: results", "fr": "{title} : résultats"},
    "h_overview": {"en": "Overview", "fr": "Vue d'ensemble"},
    "overview_note": {
        "en": "Scores summarise how staff describe their own unit. Use them to ask why, not to rank people or units.",
        "fr": "Les scores résument la façon dont le personnel décrit sa propre structure. Servez-vous-en pour "
              "chercher à comprendre, pas pour classer des personnes ou des structures.",
    },
    "ov_respondents_file": {"en": "Respondents in the file", "fr": "Répondants dans le fichier"},
    "ov_scope": {"en": "Results below describe", "fr": "Les résultats ci-dessous portent sur"},
    "ov_respondents_scope": {"en": "Respondents in those results", "fr": "Répondants pris en compte"},
    "ov_instrument": {"en": "Instrument", "fr": "Questionnaire"},
    "ov_instrument_value": {"en": "{title} (version {version})", "fr": "{title} (version {version})"},
    "ov_generated": {"en": "Report generated", "fr": "Rapport produit le"},
    "ov_waves": {"en": "Waves", "fr": "Vagues"},
    "ov_by": {"en": "Broken down by", "fr": "Ventilé par"},
    "ov_item": {"en": "Item", "fr": "Élément"},
    "ov_value": {"en": "Value", "fr": "Valeur"},
    "ov_caption": {"en": "Overview of this report", "fr": "Vue d'ensemble de ce rapport"},
    "scope_latest": {"en": "wave {wave} (the latest)", "fr": "la vague {wave} (la plus récente)"},
    "scope_all": {"en": "all respondents", "fr": "l'ensemble des répondants"},
    "h_profile": {"en": "Overall profile", "fr": "Profil d'ensemble"},
    "profile_intro": {
        "en": "Each bar is the mean score of the respondents who answered enough items of that measure. "
              "Block scores are the average of their dimensions.",
        "fr": "Chaque barre est le score moyen des répondants qui ont répondu à assez d'affirmations de cette "
              "mesure. Le score d'un bloc est la moyenne de ses dimensions.",
    },
    "profile_caption": {
        "en": "Learning profile of {scope}, with 95% confidence intervals.",
        "fr": "Profil d'apprentissage de {scope}, avec les intervalles de confiance à 95 %.",
    },
    "profile_table_caption": {"en": "Profile of {scope}: mean scores out of 100",
                              "fr": "Profil de {scope} : scores moyens sur 100"},
    "too_few_overall": {
        "en": "Only {n} respondent(s) are in these results, fewer than the minimum of {min_group_size}: no scores "
              "are shown, to protect anonymity. Collect more answers, or lower the minimum only if everyone agreed "
              "to it beforehand.",
        "fr": "Ces résultats ne comptent que {n} répondant(s), moins que le minimum de {min_group_size} : aucun "
              "score n'est présenté, pour protéger l'anonymat. Recueillez davantage de réponses, ou n'abaissez le "
              "minimum que si tous les participants l'ont accepté au préalable.",
    },
    "h_groups": {"en": "Results by {by}", "fr": "Résultats par {by}"},
    "groups_intro": {
        "en": "{shown} group(s) shown. {hidden} group(s) with fewer than {min_group_size} respondents are not shown, "
              "to protect anonymity and because such small averages are very uncertain; their respondents still "
              "count in the overall profile.",
        "fr": "{shown} groupe(s) présenté(s). {hidden} groupe(s) de moins de {min_group_size} répondants ne sont pas "
              "présentés, pour protéger l'anonymat et parce que des moyennes aussi petites sont très incertaines ; "
              "leurs répondants comptent quand même dans le profil d'ensemble.",
    },
    "groups_missing": {"en": " {n} respondent(s) had no {by} value.", "fr": " {n} répondant(s) sans valeur pour {by}."},
    "h_blocks_by": {"en": "Block scores by {by}", "fr": "Scores des blocs par {by}"},
    "blocks_by_caption": {"en": "Mean block scores out of 100 by {by}, {scope}",
                          "fr": "Scores moyens des blocs sur 100 par {by}, {scope}"},
    "h_dims_by": {"en": "Dimension scores by {by}", "fr": "Scores des dimensions par {by}"},
    "heatmap_alt": {
        "en": "Heat map with one row per {by} ({n_groups}) and one column per dimension ({n_dims}); each cell prints "
              "the mean score out of 100, darker cells are lower and a dash marks a cell without data. The table "
              "after the chart gives the same numbers.",
        "fr": "Carte de chaleur avec une ligne par {by} ({n_groups}) et une colonne par dimension ({n_dims}) ; chaque "
              "case affiche le score moyen sur 100, les cases plus foncées sont plus basses et un tiret marque une "
              "case sans données. Le tableau après le graphique donne les mêmes nombres.",
    },
    "heatmap_caption": {"en": "Mean dimension scores by {by}, {scope}.",
                        "fr": "Scores moyens des dimensions par {by}, {scope}."},
    "heatmap_table_caption": {"en": "Mean dimension scores out of 100 by {by}, {scope}",
                              "fr": "Scores moyens des dimensions sur 100 par {by}, {scope}"},
    "h_waves": {"en": "Change between waves", "fr": "Évolution entre les vagues"},
    "waves_intro": {
        "en": "Mean block scores in wave {second} minus wave {first}. Different people may have answered in each "
              "wave, so the two waves are compared as independent samples. A confidence interval that crosses zero "
              "means the change could be chance. {hidden} group(s) with fewer than {min_group_size} respondents in "
              "either wave are not shown.",
        "fr": "Scores moyens des blocs de la vague {second} moins ceux de la vague {first}. Les répondants peuvent "
              "différer d'une vague à l'autre : les deux vagues sont donc comparées comme des échantillons "
              "indépendants. Un intervalle de confiance qui contient zéro signifie que l'évolution peut être due au "
              "hasard. {hidden} groupe(s) de moins de {min_group_size} répondants dans l'une des vagues ne sont pas "
              "présentés.",
    },
    "waves_alt": {
        "en": "Dot plot of the change in each block score between wave {first} and wave {second}, one row per group, "
              "one marker shape per block, with 95% confidence intervals and a dashed line at zero. The table after "
              "the chart gives every value.",
        "fr": "Graphique en points de l'évolution de chaque score de bloc entre la vague {first} et la vague "
              "{second}, une ligne par groupe, une forme de marqueur par bloc, avec les intervalles de confiance à "
              "95 % et une ligne pointillée à zéro. Le tableau après le graphique donne toutes les valeurs.",
    },
    "waves_caption": {"en": "Change in block scores from wave {first} to wave {second}.",
                      "fr": "Évolution des scores des blocs de la vague {first} à la vague {second}."},
    "waves_table_caption": {"en": "Change in mean scores from wave {first} to wave {second}",
                            "fr": "Évolution des scores moyens de la vague {first} à la vague {second}"},
    "h_strengths": {"en": "Strengths", "fr": "Points forts"},
    "strengths_intro": {"en": "The highest-scoring dimensions: assets to build on and share.",
                        "fr": "Les dimensions aux scores les plus élevés : des atouts sur lesquels s'appuyer et à partager."},
    "h_gaps": {"en": "Gaps", "fr": "Points à améliorer"},
    "gaps_intro": {"en": "The lowest-scoring dimensions: places to start asking why.",
                   "fr": "Les dimensions aux scores les plus bas : les premiers endroits où chercher à comprendre pourquoi."},
    "out_of_100": {"en": "{mean} out of 100 (95% CI {ci})", "fr": "{mean} sur 100 (IC à 95 % : {ci})"},
    "not_enough_dims": {"en": "Not enough scored dimensions.", "fr": "Pas assez de dimensions notées."},
    "h_next_steps": {"en": "Suggested next steps", "fr": "Prochaines étapes suggérées"},
    "next_steps_intro": {"en": "For each gap, one practical step to discuss with the team, and where to read more.",
                         "fr": "Pour chaque point à améliorer, une mesure concrète à discuter avec l'équipe, et où "
                               "en savoir plus."},
    "read_more": {"en": "Read more about {label}", "fr": "En savoir plus : {label}"},
    "no_gaps": {"en": "No gaps could be identified.", "fr": "Aucun point à améliorer n'a pu être identifié."},
    "h_reliability": {"en": "Reliability", "fr": "Fiabilité"},
    "reliability_intro": {
        "en": "Cronbach's alpha shows how consistently the items of a dimension move together (0 to 1). Values of "
              "about 0.7 or more are usually taken as adequate for group comparisons; with few complete answers alpha "
              "is itself uncertain. All respondents in the file are used.",
        "fr": "L'alpha de Cronbach indique dans quelle mesure les affirmations d'une dimension varient ensemble "
              "(de 0 à 1). Des valeurs d'environ 0,7 ou plus sont en général jugées suffisantes pour comparer des "
              "groupes ; avec peu de réponses complètes, l'alpha est lui-même incertain. Tous les répondants du "
              "fichier sont utilisés.",
    },
    "reliability_caption": {"en": "Internal consistency of each dimension",
                            "fr": "Cohérence interne de chaque dimension"},
    "reliability_none": {"en": "Not computed: the item answers were not passed to the report.",
                         "fr": "Non calculée : les réponses aux affirmations n'ont pas été fournies au rapport."},
    "h_method": {"en": "Method notes", "fr": "Notes de méthode"},
    "method_1": {"en": "Answers run from 1 to 7. Reverse-worded items are turned round (a 2 becomes a 6) before scoring.",
                 "fr": "Les réponses vont de 1 à 7. Les affirmations formulées à l'envers sont inversées (un 2 devient "
                       "un 6) avant le calcul."},
    "method_2": {
        "en": "A dimension score is the mean of the answered items, rescaled to 0-100 as (mean - 1) / 6 x 100. It is "
              "left missing when fewer than two thirds of the dimension's items were answered.",
        "fr": "Le score d'une dimension est la moyenne des réponses données, ramenée sur 0-100 par "
              "(moyenne - 1) / 6 x 100. Il reste manquant quand moins des deux tiers des affirmations de la "
              "dimension ont reçu une réponse.",
    },
    "method_3": {"en": "A block score is the mean of the available dimension scores of that block.",
                 "fr": "Le score d'un bloc est la moyenne des scores disponibles de ses dimensions."},
    "method_4": {
        "en": "Means come with 95% confidence intervals (t distribution): the range within which the mean of a "
              "larger, similar group of staff would probably lie.",
        "fr": "Les moyennes sont accompagnées d'intervalles de confiance à 95 % (loi de Student) : la fourchette "
              "dans laquelle se situerait probablement la moyenne d'un groupe de personnel plus large et comparable.",
    },
    "method_5": {"en": "Groups with fewer than {min_group_size} respondents are not shown.",
                 "fr": "Les groupes de moins de {min_group_size} répondants ne sont pas présentés."},
    "method_6": {"en": "Self-reports describe how staff see their unit, which can differ from what an outside "
                       "observer sees.",
                 "fr": "Les auto-déclarations décrivent la façon dont le personnel voit sa structure, qui peut "
                       "différer de ce qu'observerait une personne extérieure."},
    "method_7": {"en": "Respondent identifiers are not shown in this report.",
                 "fr": "Les identifiants des répondants ne figurent pas dans ce rapport."},
    "h_references": {"en": "Reference values and their provenance", "fr": "Valeurs de référence et leur origine"},
    "references_intro": {
        "en": "Reference values are indicative only: they come from other instruments, items and populations, so a "
              "difference of a few points means little.",
        "fr": "Les valeurs de référence sont purement indicatives : elles proviennent d'autres questionnaires, "
              "d'autres affirmations et d'autres populations, et un écart de quelques points ne veut donc pas dire "
              "grand-chose.",
    },
    "references_caption": {"en": "Indicative reference values", "fr": "Valeurs de référence indicatives"},
    "generated_by": {"en": "Generated by the learnorg package on {date}.",
                     "fr": "Produit par le paquet learnorg le {date}."},
    "ci_range": {"en": "{low} to {high}", "fr": "{low} à {high}"},
    # --- report: table columns and values ---------------------------------------------------------
    "col:Measure": {"en": "Measure", "fr": "Mesure"},
    "col:Type": {"en": "Type", "fr": "Type"},
    "col:Respondents": {"en": "Respondents", "fr": "Répondants"},
    "col:Mean (0-100)": {"en": "Mean (0-100)", "fr": "Moyenne (0-100)"},
    "col:95% CI": {"en": "95% CI", "fr": "IC à 95 %"},
    "col:Indicative reference(s)": {"en": "Indicative reference(s)", "fr": "Référence(s) indicative(s)"},
    "col:Block": {"en": "Block", "fr": "Bloc"},
    "col:Dimension": {"en": "Dimension", "fr": "Dimension"},
    "col:Unit": {"en": "Unit", "fr": "Structure"},
    "col:n (first)": {"en": "n (first)", "fr": "n (première)"},
    "col:Mean (first)": {"en": "Mean (first)", "fr": "Moyenne (première)"},
    "col:n (second)": {"en": "n (second)", "fr": "n (seconde)"},
    "col:Mean (second)": {"en": "Mean (second)", "fr": "Moyenne (seconde)"},
    "col:Change": {"en": "Change", "fr": "Évolution"},
    "col:95% CI of change": {"en": "95% CI of change", "fr": "IC à 95 % de l'évolution"},
    "col:Items": {"en": "Items", "fr": "Affirmations"},
    "col:Complete answers": {"en": "Complete answers", "fr": "Réponses complètes"},
    "col:Cronbach's alpha": {"en": "Cronbach's alpha", "fr": "Alpha de Cronbach"},
    "col:Value (0-100)": {"en": "Value (0-100)", "fr": "Valeur (0-100)"},
    "col:What it is": {"en": "What it is", "fr": "De quoi il s'agit"},
    "col:Source": {"en": "Source", "fr": "Source"},
    "col:Note": {"en": "Note", "fr": "Remarque"},
    # --- report: charts ---------------------------------------------------------------------------
    "profile_alt": {
        "en": "Horizontal bar chart of mean scores out of 100 for {who}, one bar per block and dimension.",
        "fr": "Diagramme en barres horizontales des scores moyens sur 100 pour {who}, une barre par bloc et par "
              "dimension.",
    },
    "profile_alt_extremes": {"en": " Highest dimension: {top} ({top_value}); lowest: {bottom} ({bottom_value}).",
                             "fr": " Dimension la plus haute : {top} ({top_value}) ; la plus basse : {bottom} "
                                   "({bottom_value})."},
    "profile_alt_end": {
        "en": " Whiskers show 95% confidence intervals; open markers show indicative reference values from other "
              "instruments. The table after the chart lists every value.",
        "fr": " Les moustaches montrent les intervalles de confiance à 95 % ; les marqueurs vides montrent des "
              "valeurs de référence indicatives issues d'autres questionnaires. Le tableau après le graphique donne "
              "toutes les valeurs.",
    },
    "chart_mean": {"en": "Mean", "fr": "Moyenne"},
    "chart_no_data": {"en": "no data", "fr": "pas de données"},
    "chart_profile_x": {"en": "Mean score (0 = least favourable, 100 = most favourable)",
                        "fr": "Score moyen (0 = le moins favorable, 100 = le plus favorable)"},
    "chart_profile_title": {"en": "Learning profile", "fr": "Profil d'apprentissage"},
    "chart_legend_dimension": {"en": "Dimension mean", "fr": "Moyenne de la dimension"},
    "chart_legend_block": {"en": "Block mean (bold label)", "fr": "Moyenne du bloc (libellé en gras)"},
    "chart_legend_ci": {"en": "95% confidence interval", "fr": "Intervalle de confiance à 95 %"},
    "chart_legend_reference": {"en": "Indicative reference, different instrument: {source}",
                               "fr": "Référence indicative, autre questionnaire : {source}"},
    "chart_heatmap_bar": {"en": "Mean score (0-100)", "fr": "Score moyen (0-100)"},
    "chart_heatmap_title": {"en": "Mean dimension scores by group (– = no data)",
                            "fr": "Scores moyens des dimensions par groupe (– = pas de données)"},
    "chart_wave_x": {"en": "Change in mean score, second wave minus first (points out of 100)",
                     "fr": "Évolution du score moyen, seconde vague moins première (points sur 100)"},
    "chart_wave_title": {"en": "Change between waves: {what} (dashed line = no change)",
                         "fr": "Évolution entre les vagues : {what} (ligne pointillée = pas d'évolution)"},
    "chart_wave_blocks": {"en": "block scores", "fr": "scores des blocs"},
    # --- self-assessment: the form of the book (browser) and the notebook form ----------------------
    "sa_privacy_title": {"en": "Private by design.", "fr": "Vos réponses restent privées."},
    "sa_privacy": {
        "en": "Your answers stay on this device. Nothing you choose here is sent anywhere: the scores are computed "
              "in your browser, and your answers are kept only in this browser's storage until you clear them.",
        "fr": "Vos réponses restent sur cet appareil. Rien de ce que vous choisissez ici n'est envoyé où que ce "
              "soit : les scores sont calculés dans votre navigateur, et vos réponses sont seulement conservées "
              "dans la mémoire de ce navigateur, jusqu'à ce que vous les effaciez.",
    },
    "sa_nojs": {
        "en": "This form scores your answers with JavaScript, which seems to be off. You can still print it and "
              "score it by hand, or run this page in Jupyter, Binder or Colab.",
        "fr": "Ce formulaire calcule vos scores avec JavaScript, qui semble désactivé. Vous pouvez tout de même "
              "l'imprimer et calculer vos scores à la main, ou ouvrir cette page dans Jupyter, Binder ou Colab.",
    },
    "sa_scale": {"en": "Answer scale: {scale}.", "fr": "Échelle de réponse : {scale}."},
    "sa_progress": {"en": "Your progress", "fr": "Votre progression"},
    "sa_count": {"en": "{done} of {total} statements answered",
                 "fr": "Affirmations renseignées : {done} sur {total}"},
    "sa_score": {"en": "Show my scores", "fr": "Afficher mes scores"},
    "sa_download": {"en": "Download my answers (CSV)", "fr": "Télécharger mes réponses (CSV)"},
    "sa_reset": {"en": "Clear all my answers", "fr": "Effacer toutes mes réponses"},
    "sa_load": {"en": "Load answers from a CSV file saved earlier:",
                "fr": "Charger des réponses enregistrées auparavant (fichier CSV) :"},
    "sa_results": {"en": "Your scores", "fr": "Vos scores"},
    "sa_results_intro": {
        "en": "Scores run from 0 to 100. A dimension is scored once at least two-thirds of its statements are "
              "answered; a block score is the mean of its scored dimensions. Reference values come from other "
              "instruments and are indicative only.",
        "fr": "Les scores vont de 0 à 100. Une dimension reçoit un score dès que les deux tiers au moins de ses "
              "affirmations ont une réponse ; le score d'un bloc est la moyenne de ses dimensions qui ont un score. "
              "Les valeurs de référence proviennent d'autres questionnaires et sont purement indicatives.",
    },
    "sa_chart_caption": {
        "en": "Your scores out of 100. Hatched bars are blocks, plain bars are dimensions, each bar is labelled with "
              "its value, and ◆ marks an indicative reference value (listed in the table below).",
        "fr": "Vos scores sur 100. Les barres hachurées sont les blocs et les barres unies les dimensions ; chaque "
              "barre porte sa valeur, et ◆ signale une valeur de référence indicative (reprise dans le tableau "
              "ci-dessous).",
    },
    "sa_table_caption": {"en": "Your scores (the same values as the chart)",
                         "fr": "Vos scores (les mêmes valeurs que dans le graphique)"},
    "sa_col_measure": {"en": "Measure", "fr": "Mesure"},
    "sa_col_kind": {"en": "Kind", "fr": "Type"},
    "sa_col_score": {"en": "Your score (0–100)", "fr": "Votre score (0–100)"},
    "sa_col_answered": {"en": "Statements answered", "fr": "Affirmations renseignées"},
    "sa_col_refs": {"en": "Indicative reference values", "fr": "Valeurs de référence indicatives"},
    "sa_kind_block": {"en": "block", "fr": "bloc"},
    "sa_kind_dimension": {"en": "dimension", "fr": "dimension"},
    "sa_answered_of": {"en": "{answered} of {total}", "fr": "{answered} sur {total}"},
    "sa_none": {"en": "none", "fr": "aucune"},
    "sa_not_scored": {"en": "not scored", "fr": "pas de score"},
    "sa_decimal_mark": {"en": ".", "fr": ","},
    "sa_list_separator": {"en": "; ", "fr": " ; "},
    "sa_status_scored": {"en": "Scores updated below: {scored} of {total} dimensions scored.",
                         "fr": "Scores mis à jour ci-dessous. Dimensions qui ont un score : {scored} sur {total}."},
    "sa_status_downloaded": {
        "en": "Your answers were saved as {file} in your downloads. Score it with: {command}",
        "fr": "Vos réponses ont été enregistrées dans vos téléchargements sous le nom {file}. Pour calculer les "
              "scores avec le paquet du cours : {command}",
    },
    "sa_status_cleared": {"en": "All answers cleared, in this page and in this browser's storage.",
                          "fr": "Toutes vos réponses ont été effacées, de cette page et de la mémoire de ce "
                                "navigateur."},
    "sa_status_loaded": {"en": "Loaded your answers from {file}.", "fr": "Vos réponses ont été chargées depuis {file}."},
    "sa_status_load_failed": {"en": "Could not load {file}: {error}", "fr": "Impossible de charger {file} : {error}"},
    "sa_status_no_storage": {
        "en": "This browser does not let the page keep your answers: download them before you leave the page.",
        "fr": "Ce navigateur ne permet pas à la page de conserver vos réponses : téléchargez-les avant de quitter "
              "la page.",
    },
    "sa_download_scores": {"en": "Download my scores (CSV)", "fr": "Télécharger mes scores (CSV)"},
    "sa_print": {"en": "Print my results", "fr": "Imprimer mes résultats"},
    "sa_status_scores_downloaded": {
        "en": "Your scores were saved as {file} in your downloads, in the layout of 'python -m learnorg score "
              "--out-scores'; the action planner reads it.",
        "fr": "Vos scores ont été enregistrés dans vos téléchargements sous le nom {file}, au format de "
              "« python -m learnorg score --out-scores » ; le planificateur d'actions sait le lire.",
    },
    "sa_confirm_clear": {
        "en": "Clear all {done} answers from this page and from this browser? This cannot be undone. "
              "Download your answers first if you want to keep them.",
        "fr": "Effacer vos {done} réponses de cette page et de ce navigateur ? Impossible de revenir en arrière. "
              "Téléchargez d'abord vos réponses si vous voulez les garder.",
    },
    "sa_status_not_cleared": {"en": "Nothing was cleared; your answers are still here.",
                              "fr": "Rien n'a été effacé ; vos réponses sont toujours là."},
    "sa_print_note": {
        "en": "Printed on {date}: {done} of {total} statements answered. The answers stayed in the reader's "
              "browser; nothing was sent anywhere.",
        "fr": "Imprimé le {date} : {done} affirmations renseignées sur {total}. Les réponses sont restées dans "
              "le navigateur ; rien n'a été envoyé.",
    },
    "sa_csv_too_short": {"en": "expected a header row and one row of answers.",
                         "fr": "le fichier doit contenir une ligne d'en-tête et une ligne de réponses."},
    "sa_csv_too_many": {"en": "expected the answers of one person (one row), found {rows} rows.",
                        "fr": "le fichier doit contenir les réponses d'une seule personne (une ligne), or il en "
                              "compte {rows}."},
    "sa_csv_bad_cell": {"en": "row {row}, column {column}: expected a whole number from {lo} to {hi}, got \"{cell}\"",
                        "fr": "ligne {row}, colonne {column} : nombre entier de {lo} à {hi} attendu, "
                              "trouvé « {cell} »"},
    "sa_csv_no_items": {"en": "no item columns (such as {example}) in the header row.",
                        "fr": "la ligne d'en-tête ne contient aucune colonne d'affirmation (comme {example})."},
    "sa_widget_intro": {
        "en": "Think of your own unit. Answer scale: {scale}. Your answers stay in this notebook unless you save "
              "them to a file.",
        "fr": "Pensez à votre propre structure. Échelle de réponse : {scale}. Vos réponses restent dans ce "
              "notebook, sauf si vous les enregistrez dans un fichier.",
    },
    "sa_widget_answered": {"en": "Answered", "fr": "Réponses"},
    "sa_widget_file": {"en": "File", "fr": "Fichier"},
    "sa_widget_file_hint": {"en": "A .csv or .json file name", "fr": "Un nom de fichier en .csv ou .json"},
    "sa_widget_save": {"en": "Save answers", "fr": "Enregistrer les réponses"},
    "sa_widget_load": {"en": "Load answers", "fr": "Charger les réponses"},
    "sa_widget_reset": {"en": "Clear all answers", "fr": "Effacer toutes les réponses"},
    "sa_widget_saved": {"en": "Saved your answers to {path}.", "fr": "Vos réponses ont été enregistrées dans {path}."},
    "sa_widget_loaded": {"en": "Loaded answers from {path}.", "fr": "Réponses chargées depuis {path}."},
    "sa_widget_cleared": {"en": "All answers cleared.", "fr": "Toutes les réponses ont été effacées."},
    "sa_widget_problem": {"en": "Problem:", "fr": "Problème :"},
    "sa_widget_legend": {"en": "Hatched bars: blocks; plain bars: dimensions; ◆: indicative reference value.",
                         "fr": "Barres hachurées : blocs ; barres unies : dimensions ; ◆ : valeur de référence "
                               "indicative."},
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if the package can write it, else raise ``ValueError`` listing the choices."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not available; choose one of: {', '.join(LANGUAGES)}.")
    return lang


def t(key: str, lang: str = "en", **values) -> str:
    """The message ``key`` in ``lang`` with ``{placeholders}`` filled from ``values``."""
    check_lang(lang)
    entry = MESSAGES[key]
    return entry[lang].format(**values) if values else entry[lang]


def column(name: str, lang: str = "en") -> str:
    """A report table column header in ``lang`` (the name itself when it is not in the catalogue)."""
    entry = MESSAGES.get(f"col:{name}")
    return entry[check_lang(lang)] if entry else name


def number(value: float, digits: int, lang: str = "en") -> str:
    """A number with ``digits`` decimals, with a decimal comma in French."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "fr" else text
