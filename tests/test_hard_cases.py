"""Hard cases a certified coder gets right and a keyword script gets wrong.

Notes written for these tests, in wordings and layouts unlike the dev corpus: dictation,
ICU shorthand, EHR key: value exports, ALL CAPS, typos. Each asserts the code set and a
reason (or evidence) a coder could read.
"""
from __future__ import annotations

import pytest

import extractor

# (case id, note text, meta, expected codes, expected needs_review, text expected in the reasons)
CASES = [
    # --- assertion: negated, planned, hypothetical, historical, and real ones beside them
    ("neg-not-repositioned", "ECMO NOTE\n44 yo F on VV ECMO day 7. Low flows overnight from hypovolemia, fluid given. The cannula was not repositioned; position acceptable on echo.",
     {}, [], False, "negated"),
    ("neg-no-adjustment", "Bedside echo for cannula position in this 51 yo M on VA ECMO: tip at IVC-RA junction. No adjustment needed.",
     {}, [], False, "negated: 'no adjustment'"),
    ("neg-no-adjustment-beside-the-cannula", "VV ECMO day 5, 45 yo M. The drainage cannula position is good on CXR, no adjustment needed.",
     {}, [], False, "negated: 'no adjustment'"),
    ("neg-no-manipulation-after-review", "VA ECMO, 52 yo M. Fluoroscopic images reviewed: venous cannula tip at the RA-IVC junction and arterial cannula in the iliac, both satisfactory, no manipulation performed.",
     {}, [], False, "negated: 'no manipulation'"),
    ("plan-will-if-flows-drop", "ICU progress. 63M VV ECMO. Drainage cannula a little deep on CXR. Will reposition if flows drop below 3.5 L/min.",
     {}, [], False, "planned"),
    ("plan-section-am", "ECMO ATTENDING NOTE\n39 yo F, VV ECMO day 2.\nAssessment: recirculation 25%.\nPlan: reposition drainage cannula in AM under fluoro.",
     {}, [], False, "plan"),
    ("hypothetical-should", "Discussed with family: should recirculation worsen we would reposition the return cannula. 58 yo M on VV ECMO. Cannula position acceptable today.",
     {}, [], False, "planned"),
    ("historical-sp-date", "ECMO progress note, 33 yo M, VV ECMO day 9, s/p repositioning of the drainage cannula on 3/2. Stable flows.",
     {}, [], False, "history"),
    ("historical-yesterday", "Progress note. 47 yo F on VA ECMO. The arterial cannula was repositioned yesterday under fluoroscopy; site clean today.",
     {}, [], False, "history"),
    ("real-plus-negated", "PROCEDURE NOTE\n52 yo M on VV ECMO (femoro-jugular).\nProcedure: sutures cut and the RIJ return cannula was withdrawn 2 cm under fluoroscopy, re-secured. The femoral drainage cannula was not repositioned.",
     {}, ["33958"], False, "33958"),
    ("real-plus-planned", "BEDSIDE PROCEDURE\n4 yo boy on VV ECMO. Dual-lumen cannula rotated 20 degrees and advanced 5 mm at the bedside under echo, re-sutured.\nPlan: may need further repositioning tomorrow if recirculation recurs.",
     {}, ["33957"], False, "33957"),
    ("real-plus-historical", "PROCEDURE NOTE\n61 yo F, VV ECMO day 12, s/p repositioning on day 4. Today the drainage cannula had migrated again and was advanced 3 cm percutaneously under fluoroscopy.",
     {}, ["33958"], False, "33958"),
    ("deferred-bleeding", "ECMO event: 2 yo on VV ECMO with oozing at the neck. Repositioning of the cannula deferred until platelets corrected. 2 yo.",
     {}, [], False, "deferred"),
    ("observe-rather-than", "TEE: drainage cannula tip near hepatic vein in this 70 yo M on VV ECMO; team elected to observe rather than reposition the cannula.",
     {}, [], False, None),
    # --- what was moved
    ("brand-avalon", "Procedure: 27 Fr Avalon pulled back 1 cm at the skin under fluoroscopy; resecured. 29 yo F, VV ECMO.",
     {}, ["33958"], False, "33958"),
    ("inflow-cannula", "LVAD? No - VA ECMO. 57 yo M. The inflow cannula (R femoral vein) was advanced 4 cm percutaneously over a wire, flows improved.",
     {}, ["33958"], False, "33958"),
    ("both-cannulae-one-code", "PROCEDURE: repositioning of both ECMO cannulae. 45 yo F, femoro-femoral VV ECMO. Under fluoroscopy both cannulae were withdrawn 2 cm and re-secured at the skin.",
     {}, ["33958"], False, "33958"),
    ("femoral-venous-by-site", "Bedside: the femoral venous cannula was advanced 2 cm under ultrasound and re-sutured. Patient 9 years old on VA ECLS.",
     {}, ["33958"], False, "33958"),
    ("protekduo-oxygenator", "PROCEDURE NOTE\n55 yo M on oxy-RVAD (ProtekDuo with an oxygenator spliced in). The ProtekDuo was withdrawn 1 cm under fluoroscopy, percutaneous, re-secured.",
     {}, ["33958"], False, "33958"),
    ("protekduo-rvad", "PROCEDURE NOTE\n60 yo F on RVAD support with a ProtekDuo, no oxygenator in the circuit. The ProtekDuo was pulled back 2 cm under fluoroscopy.",
     {}, [], False, "RVAD"),
    ("protekduo-unclear", "Procedure: Protek Duo cannula advanced 1 cm percutaneously under fluoroscopy. 66 yo M.",
     {}, [], True, "oxygenator"),
    ("ecpella-impella-moved", "CATH LAB: 64 yo M on ECPELLA (VA ECMO + Impella CP). The Impella was repositioned under fluoroscopy, withdrawn 1.5 cm. ECMO cannulae untouched.",
     {}, [], False, "Impella"),
    ("ett-retracted", "PICU: 3 mo on VA ECMO. ETT retracted 1 cm per CXR. ECMO cannula position unchanged.",
     {}, [], False, "ETT"),
    ("central-line-withdrawn", "MICU note: 48 yo on VV ECMO. Left IJ central line withdrawn 2 cm after CXR showed tip in RA.",
     {}, [], False, "central line"),
    ("pa-catheter", "CVICU: 71 yo F on VA ECMO. PA catheter pulled back to 48 cm. Flows 3.8 L/min.",
     {}, [], False, "PA catheter"),
    ("chest-tube", "VA ECMO day 3, 62 yo M. Right chest tube repositioned at bedside for undrained effusion.",
     {}, [], False, "chest tube"),
    ("lv-vent", "Post-cardiotomy central VA ECMO, 59 yo. LV vent adjusted to improve decompression; aortic and atrial cannulae unchanged.",
     {}, [], False, "LV vent"),
    ("patient-prone", "ECMO nursing note: 35 yo on VV ECMO. Patient repositioned prone at 1400 with ECMO specialist at bedside; cannulae secured, no kinks.",
     {}, [], False, "patient repositioning"),
    ("nasal-cannula", "Post-decannulation day 2, 50 yo M, off ECMO. Nasal cannula adjusted to 2 L, sats 95%.",
     {}, [], False, None),
    ("circuit-settings", "ECMO specialist note: 44 yo F, VV ECMO. RPM adjusted from 3200 to 3500, sweep adjusted to 5 L; oxygenator changed for rising delta P.",
     {}, [], False, None),
    ("typo-repositoned", "proc note - 37yo M VV ECMO, drainage canula repositoned percutaneously under fluroscopy, pulled back 2cm, resutured.",
     {}, ["33958"], False, "33958"),
    # --- not separately coded
    ("same-session-insertion", "OPERATIVE NOTE: Percutaneous VV ECMO cannulation, 31 yo M.\nDescription: 25 Fr drainage cannula inserted over a stiff wire under fluoroscopy; it sat too deep and was withdrawn 3 cm before securing. Circuit initiated.",
     {}, [], False, "insertion"),
    ("exchange-upsize", "PROCEDURE: ECMO cannula upsizing. 40 yo F. The 23 Fr drainage cannula was exchanged over a wire for a 27 Fr cannula under fluoroscopy.",
     {}, [], False, "exchanged"),
    ("decannulation-withdrawn", "DECANNULATION NOTE\n65 yo M, VV ECMO weaned. Both cannulae withdrawn at the bedside, purse-string sutures tied, pressure held 20 minutes.",
     {}, [], False, None),
    ("remove-and-replace-new-site", "PROCEDURE: removal of the left femoral drainage cannula and insertion of a new 25 Fr cannula in the right femoral vein. 53 yo M on VV ECMO.",
     {}, [], False, None),
    # --- approach
    ("perc-over-wire", "Procedure: migrated dual-lumen cannula repositioned over an Amplatz wire from the femoral vein, ECMO flow uninterrupted. 48 yo M.",
     {}, ["33958"], False, "percutaneous"),
    ("open-groin-reexplored", "OPERATIVE REPORT\n50 yo M on VA ECMO.\nGroin cutdown re-explored; femoral arterial cannula re-seated 2 cm deeper and re-secured; wound closed in layers.",
     {}, ["33962"], False, "open"),
    ("open-neck-infant", "OPERATIVE NOTE\n2-month-old on VA ECMO.\nNeck incision re-opened, venous cannula withdrawn 0.5 cm and re-tied, wound closed.",
     {}, ["33959"], False, "open"),
    ("central-adult", "OPERATIVE REPORT\n57 yo F on central VA ECMO after mitral valve surgery.\nProcedure: re-sternotomy; the aortic cannula was repositioned and re-secured.",
     {}, ["33964"], False, "central"),
    ("central-infant-open-chest", "CICU bedside, open chest. 10-day-old s/p arterial switch on central ECMO. The right atrial cannula was advanced 2 mm through the open sternotomy.",
     {}, ["33963"], False, "central"),
    ("approach-not-documented", "ECMO note: 62 yo F on VV ECMO. The drainage cannula was repositioned. Flows better.",
     {}, [], True, "approach not documented"),
    ("peripheral-via-thoracotomy", "OPERATIVE NOTE: 1-month-old on VV ECMO. Through a right thoracotomy the jugular venous cannula was withdrawn from the azygos vein and redirected into the RA.",
     {}, [], True, "R12"),
    # --- age in every form
    ("age-54M", "Pt: 54M. VV ECMO. Drainage cannula withdrawn 2 cm percutaneously under fluoro.",
     {}, ["33958"], False, "54M"),
    ("age-words", "This is a fifty-four-year-old gentleman on VV ECMO whose drainage cannula was advanced 3 cm percutaneously at the bedside.",
     {}, ["33958"], False, "fifty-four"),
    ("age-a-6-yo", "Procedure note: a 6 y/o on VV ECMO; RIJ cannula withdrawn 1 cm at bedside under echo, re-secured.",
     {}, ["33958"], False, "6 y/o"),
    ("age-label-3", "Age: 3\nVA ECMO. Venous cannula pulled back 1 cm percutaneously under fluoroscopy.",
     {}, ["33957"], False, "Age: 3"),
    ("age-18-mo", "18 mo M on VV ECMO. Cannula rotated and advanced 5 mm percutaneously under fluoroscopy.",
     {}, ["33957"], False, "18 mo"),
    ("age-3-week-old", "NICU: 3-week-old on VA ECMO. Venous cannula pulled back 3 mm at the bedside, re-secured.",
     {}, ["33957"], False, "3-week-old"),
    ("age-dol", "DOL 9, VV ECMO, 13 Fr dual-lumen. Cannula rotated at bedside under echo, re-sutured.",
     {}, ["33957"], False, "DOL 9"),
    ("age-newborn", "Newborn male on VA ECMO for CDH. Arterial cannula withdrawn 2 mm percutaneously under fluoroscopy.",
     {}, ["33957"], False, "Newborn"),
    ("age-ex-weeker", "Ex-27-weeker now 5 weeks old on VV ECMO. Cannula advanced 3 mm under echo at the bedside, resecured.",
     {}, ["33957"], False, "5 weeks old"),
    ("age-5y11m", "Patient 5 years 11 months. VA ECMO. Femoral drainage cannula withdrawn 1 cm percutaneously under fluoroscopy.",
     {}, ["33957"], False, "5 years 11 months"),
    ("age-dob-dos-sixth-birthday", "PROCEDURE NOTE\nDOB: 04/10/2020\nDOS: 04/10/2026\nVV ECMO: RIJ cannula advanced 1 cm percutaneously under fluoroscopy.",
     {}, ["33958"], False, "age 6"),
    ("age-meta-dob", "VA ECMO. The venous cannula was pulled back 1 cm at the bedside, re-sutured.",
     {"service_date": "2026-05-01", "dob": "2021-06-01"}, ["33957"], False, "age 4"),
    ("decoys-ecmo-day-pod-fr", "Age: 45\nECMO day 6, POD 3, HD#6. 23 Fr drainage cannula at 15 cm, withdrawn 2 cm percutaneously; 3-0 Prolene; 6 hours; 70 kg.",
     {}, ["33958"], False, "Age: 45"),
    ("relative-age-ignored", "PICU note: 4 yo girl on VV ECMO; mother (28) and brother aged 9 at bedside. Cannula withdrawn 1 cm at the bedside under echo, re-secured.",
     {}, ["33957"], False, "4 yo"),
    ("two-conflicting-ages", "ECMO procedure: 8 yo boy on VA ECMO. Venous cannula advanced 2 cm percutaneously. Addendum: patient is a 4 yo boy.",
     {}, [], True, "conflicting ages"),
    ("text-vs-meta-age", "ECMO procedure: 7 yo on VV ECMO, cannula pulled back 1 cm percutaneously under echo.",
     {"age_years": 5}, [], True, "metadata age is 5"),
    ("gestational-not-age", "NICU: born at 29 weeks, now 3 months old, on VV ECMO. Cannula advanced 2 mm percutaneously under fluoroscopy.",
     {}, ["33957"], False, "3 months old"),
    ("age-over-90-placeholder", "[**Age over 90 **] year old female on VA ECMO. Drainage cannula advanced 2 cm percutaneously under fluoroscopy.",
     {}, ["33958"], False, "33958"),
    ("age-90-plus", "Age: 90+. VA ECMO. Venous cannula withdrawn 2 cm percutaneously under fluoroscopy.",
     {}, ["33958"], False, "33958"),
    ("ambiguous-6M-peds", "PICU procedure: 8M on VV ECMO. Dual-lumen cannula pulled back 5 mm at the bedside under echo, re-sutured.",
     {}, [], True, "ambiguous"),
    ("stale-meta-age", "VV ECMO. RIJ cannula advanced 1 cm percutaneously under echo.",
     {"service_date": "2026-02-11", "dob": "2020-02-10", "age_years": 5}, ["33958"], False, "metadata age 5 ignored"),
    ("pack-years-decoy", "Age: 60. 35 pack-years, quit 10 years ago. VV ECMO: drainage cannula withdrawn 3 cm percutaneously under fluoroscopy.",
     {}, ["33958"], False, "Age: 60"),
    # --- sections
    ("indication-only", "PROCEDURE NOTE\n46 yo M on VV ECMO.\nIndication: cannula was repositioned at the outside hospital and has migrated again.\nProcedure: TEE to assess cannula position. Tip in the IVC. No intervention.",
     {}, [], False, None),
    ("history-section", "H&P\nHPI: 39 yo F on VV ECMO, transferred. Her drainage cannula was advanced 3 cm at the referring hospital.\nExam: sites clean.",
     {}, [], False, None),
    # --- layouts
    ("all-caps-dictation", "DICTATED PROCEDURE NOTE. THIS 67 YEAR OLD MAN ON VENOARTERIAL ECMO HAD CHATTERING. THE VENOUS DRAINAGE CANNULA WAS ADVANCED 4 CM PERCUTANEOUSLY UNDER FLUOROSCOPY AND RESUTURED.",
     {}, ["33958"], False, "33958"),
    ("ehr-key-value", "NOTE_TYPE: PROCEDURE\nPATIENT_AGE: 42\nPROCEDURE_NAME: ECMO cannula repositioning\nDEVICE: RIJ dual-lumen cannula\nAPPROACH: percutaneous\nGUIDANCE: fluoroscopy\nDETAIL: cannula advanced 1.5 cm and re-secured",
     {}, ["33958"], False, "33958"),
    ("icu-shorthand", "VV ECMO d5, RIJ 31Fr Avalon pulled back 1cm @ bedside under flouro, resutured. 38yoM. flows 4.5",
     {}, ["33958"], False, "38yoM"),
    ("checkbox-upper-x", "ECMO CANNULA PROCEDURE\nAge: 12\n[X] Cannula repositioning  [ ] Decannulation\n[X] Percutaneous  [ ] Open\n[ ] Fluoroscopy  [X] Ultrasound\nDrainage cannula withdrawn 1 cm.",
     {}, ["33958"], False, "33958"),
    # --- dates and ages as other writers give them
    ("date-day-first-by-service-date", "Paediatric ICU - Surgical Procedure Note\nDate: 05/09/2025\nDOB: 03/10/2019\nVA ECMO via right neck; "
     "under ultrasound the venous cannula was withdrawn 1 cm percutaneously at the skin and re-sutured.",
     {"service_date": "2025-09-05"}, ["33957"], False, "age 5"),
    ("dob-day-month-name-hyphens", "ECLS BEDSIDE RECORD\nName: ****   DOB: 23-Nov-2019   Date: 23-Nov-2025   Unit: PICU\nVA ECMO. "
     "Venous cannula pulled back 1 cm at the skin under TTE, re-sutured. No incision.", {}, ["33958"], False, "age 6"),
    ("age-years-and-months-run-together", "Bedside note: patient is a 4 year 11 month old boy on VV ECMO day 3; the Avalon cannula "
     "was pulled back 1.5 cm percutaneously under echo.", {}, ["33957"], False, "age 4"),
    ("age-yo-and-mo", "ID: 5 yo 11 mo F on VA ECMO day 5. The femoral venous cannula was advanced 4 cm at the skin under fluoroscopy.",
     {}, ["33957"], False, "age 5"),
    ("age-at-an-operation", "H&P. 41-year-old man on VV ECMO from the outside hospital. PSH: appendectomy age 12. "
     "At the bedside I withdrew the drainage cannula 2 cm percutaneously under TEE.", {}, ["33958"], False, "age 41"),
    # --- same session: a title dated the day of service; an insertion told in the pluperfect is earlier
    ("insertion-title-dated-today", "Neonatal ECMO cannulation - op note 04/14/2026\nDOL 2, VA ECMO. R neck cutdown; IJ 12 Fr and CCA 10 Fr "
     "cannulae placed. Before the wound was closed the venous cannula was advanced 0.5 cm and re-tied. Wound closed.",
     {"service_date": "2026-04-14"}, [], False, "insertion"),
    ("pluperfect-insertion-is-earlier", "OPERATIVE REPORT\n58-year-old woman on VA ECMO for 4 days. The right groin was opened over the "
     "existing cannula site and the common femoral artery exposed. The cannula had been inserted nearly to the hub; it was withdrawn "
     "4 cm under fluoroscopy and secured with a purse-string. Wound closed.", {}, ["33962"], False, None),
    ("dictated-period-before-capital", "dictated operative note period The patient is a 58 year old woman on VA ECMO period An incision "
     "was made over the groin and the common femoral artery was exposed period The arterial cannula was withdrawn 4 centimeters period "
     "The wound was closed period", {}, ["33962"], False, None),
    ("dated-sibling-label-is-no-parent", "CT SURGERY BEDSIDE PROCEDURE NOTE\nDate of service: 02/12/2026\n"
     "Central VA ECMO after AVR (02/08/2026): 28 Fr RA venous and 20 Fr aortic cannulae, sternum left open.\n"
     "Indication: chattering, TEE shows the RA cannula tip at the IVC orifice.\nProcedure: via the open sternotomy the RA cannula "
     "was withdrawn 1 cm and re-angled, purse-string re-snugged. 66 yo M.", {}, ["33964"], False, None),
    ("attestation-corrects-the-trainee", "MICU RESIDENT PROCEDURE NOTE\nDate: 10/30/2025\nPatient: 58 yo F, VV ECMO day 8.\n"
     "Description: Securement device removed; the dual-lumen cannula advanced 1 cm under TEE and re-sutured at the skin.\n\n"
     "ATTENDING ATTESTATION: I was present for the entire procedure. The cannula was not advanced or withdrawn; only the "
     "securement device was replaced at the same skin mark.", {}, [], False, "attestation or correction"),
    ("attestation-confirms-the-trainee", "MICU RESIDENT PROCEDURE NOTE\nDate: 10/30/2025\nPatient: 58 yo F, VV ECMO day 8.\n"
     "Description: Securement device removed; the dual-lumen cannula advanced 1 cm under TEE and re-sutured at the skin.\n\n"
     "ATTENDING ATTESTATION: I was present for the entire procedure and agree with the note above. The arterial line was not "
     "manipulated.", {}, ["33958"], False, None),
    ("correction-in-an-addendum", "PROCEDURE NOTE\n44 yo M on VA ECMO. The femoral venous cannula was withdrawn 2 cm at the skin "
     "under fluoroscopy and re-secured.\nAddendum 16:10: correction - no repositioning was performed; this note was entered on the "
     "wrong patient.", {}, [], False, "attestation or correction"),
    ("sixth-birthday-today", "PEDIATRIC CATH LAB REPORT\nDate: 03/27/2026\nPatient: female. Today is her 6th birthday.\nVV ECMO day 7. "
     "Under fluoroscopy the RIJ dual-lumen cannula was rotated and withdrawn 1 cm, re-secured at the skin.", {}, ["33958"], False, "age 6"),
    ("shift-log-time-stamps-today", "ECMO SPECIALIST SHIFT NOTE - EVENT ENTRY\nVV ECMO day 11\n0710 Drainage pressure -115 with chatter.\n"
     "0830 Dr. Lee (MICU attending) at bedside, time-out performed. MD cut the groin sutures and withdrew the femoral drainage "
     "cannula 4 cm under ultrasound, re-sutured at the skin.\n0845 Flow 4.5 L/min, no chatter.", {"age_years": 44},
     ["33958"], False, None),
    ("shift-log-across-midnight-is-no-day", "ECMO NURSING NOTE\nNight shift, VV ECMO day 6\n2315 ECMO chatter, flows 2.9, fellow "
     "notified.\n2350 Fellow at bedside. The femoral drainage cannula was pulled back 3 cm at the skin, re-sutured.\n"
     "0300 Stable.\n0600 AM labs sent.", {"service_date": "2025-11-05", "age_years": 57}, [], False, "nothing ties it"),
    ("pointer-to-a-named-colleagues-note", "PERFUSION SHIFT NOTE\nDate: 03/21/2026\n48 y/o F, VA ECMO day 3.\n1410  Dr. [NAME] "
     "withdrew the arterial cannula 2 cm at the skin under ultrasound. Refer to Dr. [NAME]'s procedure note for the procedural "
     "description; this note documents circuit management only.", {}, [], False, "another note"),
    ("age-label-before-a-dash", "ECMO PROCEDURE LOG - Age: 44 - VV ECMO (RIJ return / R fem drain)\nToday: RIJ return cannula pulled "
     "back 1.5 cm at the skin under TTE guidance, re-secured.", {}, ["33958"], False, "age 44"),
    ("ecmo-day-in-parentheses-is-an-established-run", "PICU PROCEDURE NOTE\nDate of service: 12/05/2025\nPatient: 7-year-old boy "
     "on VA ECMO (day 2) for myocarditis, right femoral percutaneous cannulation.\nProcedure: sutures cut; the femoral venous "
     "drainage cannula was advanced 2 cm at the skin under TEE and re-sutured.", {}, ["33958"], False, None),
    ("man-of-29-years", "Procedure note - Intensive Care\nDate: 2026-03-09\nPatient is man of 29 years, in VV ECMO since 6 days. "
     "Return cannula pulled back 3 cm at the skin under C-arm fluoroscopy, no incision, fixed again.", {}, ["33958"], False, "age 29"),
    ("uk-title-name-and-age", "ECMO cannula adjustment\nDate: 11/12/2025\nMrs [NAME], 55, VV-ECMO day 8. Crescent rotated 20 degrees "
     "and withdrawn 1 cm at the skin under TOE, re-sutured.", {"service_date": "2025-12-11"}, ["33958"], False, "age 55"),
    ("age-before-weight", "THEATRE RECORD\nPatient: Mr [NAME], 34 yrs, 78 kg\nVA-ECMO day 4. The right groin cutdown was re-opened, "
     "the arterial cannula withdrawn 2 cm and the purse-string re-tied.", {}, ["33962"], False, "age 34"),
    ("girl-of-five-years-eleven-months-day-four", "Procedure note\nDate: 30/10/2025\nShe is a little girl of five years and eleven "
     "months, on VV ECMO day four. Drainage via a right femoral cannula, return via the right IJ, both inserted percutaneously. "
     "Today the femoral drainage cannula was advanced three centimetres at the skin under TTE and re-sutured.",
     {"service_date": "2025-10-30"}, ["33957"], False, "age 5"),
    ("copied-forward-except-the-updated-sections", "MICU ECMO PROGRESS NOTE\nDOS: 02/05/2026   VV ECMO day 8\nAge: 72\n"
     "*** Portions of this note were copied forward from the 02/03/2026 note and updated where marked [UPDATED 2/5]. ***\n"
     "HPI\nS/p drainage cannula advancement 3 cm under TEE at the bedside for chattering.\n"
     "PROCEDURE NOTE [UPDATED 2/5] - bedside, performed by me\nUnder TEE the drainage cannula was withdrawn 2 cm at the skin, "
     "re-sutured. No incision.", {"service_date": "2026-02-05"}, ["33958"], False, None),
    ("wire-exchanged-for-a-named-stiff-wire", "IR PROCEDURE REPORT\nService Date: 08/09/2026\n59 yo M on VV ECMO day 5.\nTECHNIQUE: "
     "Existing right neck cannula site prepped. A 0.035 Bentson wire was passed from the femoral vein into the distal lumen of the "
     "Crescent and exchanged for an Amplatz Super Stiff. The cannula was withdrawn from the RV and re-advanced over the Amplatz "
     "into the IVC under fluoroscopy. Re-sutured at the neck.", {}, ["33958"], False, None),
    ("insertion-point-is-no-insertion", "OPERATIVE REPORT\nDate: 11/02/2026\n45 yo M on peripheral VA ECMO since 10/30.\nDESCRIPTION: "
     "The right groin cutdown incision was re-opened and the CFA and cannula exposed. The arterial cannula was withdrawn 2 cm so "
     "that its insertion point sat just above the SFA origin; the purse-string was re-tied.", {}, ["33962"], False, None),
    ("dictated-monthold", "pediatric ICU bedside procedure note period patient is an eighteen monthold boy on VA ECMO day four "
     "period the skin sutures were cut and under echo guidance the venous cannula was pulled back two centimeters at the skin "
     "period it was re sutured period", {}, ["33957"], False, "age 1"),
    ("bracketed-document-parts-keep-their-dates", "*** MEDICAL RECORD EXTRACT ***\nRequested for: date of service 2026-04-12\n\n"
     "[Document A] PROCEDURE NOTE | Service date 2026-04-11 | Author Dr. A (CT surgery)\nDescription: sutures cut, the RIJ "
     "dual-lumen cannula withdrawn 1.5 cm and rotated under fluoroscopy at the skin, re-secured.\n\n[Document B] CTICU PROGRESS "
     "NOTE | Service date 2026-04-12\n66 yo M on VV ECMO day 6. No events overnight. Cannula skin mark unchanged.",
     {}, [], False, "another day"),
    ("neither-reaches-a-list-of-moves", "CATH LAB REPORT\nDate: 2026-03-03\nAge: 66\nThe Impella CP was withdrawn 1.5 cm under "
     "fluoroscopy. ECMO cannulae: both in satisfactory position on fluoroscopy; neither ECMO cannula was advanced, withdrawn or "
     "otherwise manipulated.", {}, [], False, None),
    ("cannulation-site-is-a-place", "PROCEDURE NOTE\nDate of service: 04/16/2026\n56 yo F, VA ECMO day 6.\nApproach: [x] Percutaneous "
     "[ ] Open\nNARRATIVE\nThe left groin incision was re-opened along its prior length, the common femoral vein exposed at the "
     "cannulation site. The drainage cannula was advanced 5 cm under TEE and the purse-string re-tied.", {}, [], True, "narrative"),
    ("flowsheet-refers-to-the-physicians-note", "PERFUSION FLOWSHEET / SHIFT NARRATIVE\nDate: 01/27/2026\nAge: 63  VV ECMO run "
     "day 5\nCannulae: RIJ Avalon 31 Fr (placed 01/22)\nConsole: Cardiohelp\n\nHOURLY RECORD\n07:00 | 3,450 | 4.1 | handoff\n"
     "12:00 | 3,500 | 4.0 | CT surgery consulted\n14:00 | 2,600 | 2.8 | flow reduced for MD (see below)\n\nEVENT NARRATIVE\n14:05 Sutures cut by Dr. Ames; RIJ Avalon withdrawn 2 cm and rotated by Dr. Ames under TEE.\n"
     "14:20 Cannula re-secured by Dr. Ames.\nThe procedure is documented by Dr. Ames - refer to the physician procedure note for "
     "details.", {}, [], False, "another note"),
    ("tandemheart-inflow-cannula-without-oxygenator", "INTERVENTIONAL CARDIOLOGY PROCEDURE NOTE\nProcedure date: 03/27/2026\n"
     "66 F\nDevice: TandemHeart percutaneous LVAD - 21 Fr transseptal inflow cannula and 17 Fr arterial outflow cannula. "
     "No oxygenator in the circuit.\nTechnique: sutures at the skin cut; under fluoroscopy the inflow cannula was pulled back "
     "2.5 cm into the mid-LA and re-secured.", {}, [], False, "not say it is an ECMO"),
    ("age-at-admission-is-no-current-age", "PICU PROCEDURE NOTE\nDate of service: 01/02/2026\nAdmitted 12/21/2025 (aged 5 at "
     "admission), VV ECMO since 12/30.\nProcedure by me at the bedside: the Avalon was rotated and advanced 1 cm at the skin under "
     "TEE, re-secured.", {"dob": "2019-12-30"}, ["33958"], False, "age 6"),
    ("healed-sternotomy-is-an-exam-finding", "CT SURGERY NOTE\nDate of service: 04/23/2026\n49 yo M after CABG on 04/10, peripheral "
     "VA ECMO.\nPROCEDURE (performed by me at the bedside today): the previous left groin cutdown incision was re-opened, the CFV "
     "re-exposed and the drainage cannula advanced 5 cm; purse-string re-tied, wound closed.\nWounds: sternotomy dry; left groin "
     "newly closed.", {}, ["33962"], False, None),
    ("radial-arterial-cannula-is-an-arterial-line", "ICU Procedure/Events Note - 02/17/2026\n45 yo F, VV ECMO day 4 (RIJ Avalon "
     "27 Fr).\n1) R radial arterial cannula dampened -> re-sited to L radial under US.\nECMO cannula: not adjusted.", {}, [], False,
     "arterial line"),
    ("ecpr-note-is-the-insertion-session", "ECPR - CATH LAB NOTE (brief)\n02/17/26 06:10  48 yo M, OHCA VF, mech CPR on arrival.\n"
     "Perc VA ECMO: R CFV 25Fr drainage, L CFA 15Fr return (US + fluoro). Drainage cannula advanced a further 6 cm under fluoro "
     "before suturing.", {"service_date": "2026-02-17"}, [], False, "insertion"),
    ("five-and-three-quarters", "PICU ECMO EVENT NOTE - 2026-05-02 11:20\nShe is 5 and three-quarters (19 kg), on VV ECMO day 6. "
     "The femoral drainage cannula was advanced 3 cm at the skin under fluoroscopy, no incision.", {}, ["33957"], False, "age 5"),
    ("family-meeting-by-the-operator", "FAMILY MEETING NOTE - PICU\nDate: 2026-04-17\nPatient: 16 yo F, VV ECMO day 11.\n\n"
     "Procedure performed by me earlier today (09:30), documented here for the family and the record: recirculation because the "
     "drainage tip had been advanced too close to the return jet. At the bedside, under fluoroscopy, I cut the securing sutures at "
     "the groin skin site and withdrew the drainage cannula 3 cm; no incision. Re-sutured at the skin.", {}, ["33958"], False, None),
    ("weekend-paragraph-keeps-its-time", "PICU ECMO PROGRESS NOTE - MONDAY 02/16/2026\n9-year-old boy, VV ECMO day 6\n\nEVENTS\n"
     "Over the weekend the circuit started to chatter. At the bedside I cut the sutures, advanced the drainage cannula 3 cm under "
     "ultrasound and re-sutured it.\nThis morning he is comfortable.\n\nPLAN\n- No cannula manipulation planned.",
     {"service_date": "2026-02-16"}, [], False, None),
    ("addendum-corrects-the-resident", "PROCEDURE NOTE (resident)\nDate: 07/30/2025\nPt: 58 y/o M, VA ECMO day 3.\nThe femoral "
     "cannula sutures were found broken; cannula repositioned and re-sutured.\n\nATTENDING ADDENDUM 07/30/2025: Correction - the "
     "femoral venous cannula was NOT repositioned; only the broken sutures were replaced at the same mark.", {}, [], False,
     "attestation or correction"),
    ("protekduo-with-a-blank-ecmo-mode-box", "MCS TEAM PROCEDURE NOTE\nDate: 06/17/2025\n62 yo F, ProtekDuo via RIJ on CentriMag.\n"
     "ECMO mode: [ ] VV  [ ] VA  [ ] V-PA/oxy-RVAD  [ ] none\nDescription: anchor sutures cut, the ProtekDuo advanced 2 cm under "
     "fluoroscopy to the main PA, re-anchored at the skin.", {}, [], True, "oxygenator"),
    ("another-cannula-exchanged-in-the-session", "OPERATIVE NOTE\nDate of service: 10/05/2025\nAge/Sex: 31/M\nVV ECMO day 17.\n"
     "Procedures:\n1. Exchange of the 21 Fr right femoral drainage cannula over a stiff wire for a 25 Fr multistage cannula.\n"
     "2. Withdrawal of the 19 Fr RIJ return cannula at its skin site under fluoroscopy.\nDescription: the femoral cannula was "
     "removed over the wire and the new 25 Fr cannula inserted. Sutures cut, the RIJ return cannula was pulled back 3 cm at the "
     "skin and re-sutured.",
     {}, ["33958"], False, None),
    ("cda-birth-and-effective-time", "<ClinicalDocument><title>ECMO Procedure Note</title><effectiveTime value=\"20260415161500-0400\"/>"
     "<recordTarget><patientRole><patient><birthTime value=\"20200416\"/></patient></patientRole></recordTarget><component>"
     "<section><title>Procedure</title><text><paragraph>VV ECMO day 6. Sutures cut; the RIJ venous cannula was advanced 2 cm at the "
     "skin under fluoroscopy and re-secured.</paragraph></text></section></component></ClinicalDocument>", {}, ["33957"], False, "age 5"),
    ("fhir-birthdate-and-date", "{\n  \"resourceType\": \"Composition\",\n  \"date\": \"2026-02-04T16:05:00-06:00\",\n  \"contained\": "
     "[{\"resourceType\": \"Patient\", \"birthDate\": \"1990-05-14\"}],\n  \"section\": [{\"text\": \"VV ECMO day 5. The femoral "
     "drainage cannula was advanced 5 cm at the skin under TEE and re-sutured.\"}]\n}", {}, ["33958"], False, "age 35"),
    ("correction-of-the-approach", "PROCEDURE NOTE (resident)\nDate: 05/27/2026\nAge: 61\nProcedures: 1. Percutaneous repositioning of "
     "right femoral arterial ECMO cannula.\nDescription: The cannula was withdrawn 2 cm and re-secured.\n\nATTENDING ADDENDUM "
     "05/27/2026: Correction to the resident's note: the cannula was not moved percutaneously. I re-opened the right groin incision, "
     "exposed the common femoral artery, withdrew the cannula 2 cm and closed the incision in layers. Approach: open.",
     {}, ["33962"], False, None),
    ("an-attestation-that-agrees-corrects-nothing", "PROCEDURE NOTE - fellow\nDOS: 08/25/2025\n3 yo boy on VA ECMO via right "
     "neck cutdown.\nProcedures: 1. Repositioning of venous ECMO cannula through the existing skin site (no incision).\nVenous "
     "cannula withdrawn 1 cm, re-secured.\n\nATTENDING ATTESTATION: I agree with the fellow's documentation as written. I "
     "re-opened the neck incision, exposed the internal jugular vein and withdrew the venous cannula 1 cm.", {}, [], True, "approach"),
    ("correction-of-the-age", "PICU PROCEDURE NOTE\nDate of service: 09/14/2025\nHPI: 5 y/o girl on VV ECMO day 6.\nTechnique: "
     "sutures cut at the neck skin site; the Avalon withdrawn 1 cm under TTE; re-sutured. No incision.\n\nAttending addendum: Age "
     "correction: today is her 6th birthday, so she is 6 years old, not 5 as written in the HPI.", {}, ["33958"], False, "age 6"),
    ("radio-button-against-the-narrative", "PEDS ECMO PROCEDURE FORM\nDate of service: 06/03/2025   3 y/o M, VV ECMO day 6\n"
     "Approach:    ( ) Percutaneous    (\u2022) Open / cutdown    ( ) Central\nNarrative: at the bedside through the existing skin "
     "site - no incision made. Securing sutures cut and the cannula withdrawn 1 cm under TTE; re-sutured.", {}, [], True, "narrative"),
    ("device-in-an-unticked-box-is-not-moved", "CVICU BEDSIDE PROCEDURE NOTE\nDate of service: 02/20/2026   61 yo F   Central VA "
     "ECMO + LV vent\nProcedure: [x] LV vent adjustment   [ ] ECMO cannula repositioning   [ ] Washout\nDetails: Vent withdrawn 1 cm "
     "and re-secured to its tourniquet. RA and aortic ECMO cannulae not touched.", {}, [], False, None),
    ("pulled-out-during-a-turn", "PATIENT SAFETY EVENT REPORT\nEvent date: 10/07/2025   52 yo F, VV ECMO day 9\nDescription: During "
     "prone-to-supine turn the femoral drainage cannula was pulled out ~3 cm. Decision: leave the cannula in its current position - "
     "not re-advanced. Sutures reinforced at the new mark.", {}, [], False, "accident"),
    ("checklist-with-an-event-note", "ECMO ATTENDING DAILY CHECKLIST + EVENT NOTE\nDate: 12/29/2025   44yo F   VV ECMO day 7\n"
     "[\u2713] Circuit check   [\u2713] Cannula sites inspected\nEvent note (performed by me, 13:30): at the bedside the groin sutures "
     "were cut and the drainage cannula advanced 3 cm at the skin under ultrasound, re-secured.", {}, ["33958"], False, None),
    ("order-completed-with-its-procedure-documentation", "ORDER + PROCEDURE DOCUMENTATION\n29 y/o F\nOrder: Reposition ECMO "
     "cannula - ordered 11/11/2025 07:55\nOrder status: COMPLETED 11/11/2025 10:40\nLinked procedure documentation: sutures cut, the "
     "femoral drainage cannula withdrawn 4 cm under fluoroscopy at the existing site, re-sutured.", {}, ["33958"], False, None),
    ("running-note-clock-time-under-an-earlier-date", "RUNNING TRANSPLANT ECMO NOTE (appended daily under date headers)\n"
     "63-year-old man on peripheral VA ECMO since 10/12/2025.\n\n##### 10/14/2025 (POD 2) #####\nOverall poor drainage. At 10:40 "
     "I withdrew the femoral venous cannula 3 cm at the skin under fluoroscopy and re-sutured it.\n\n##### 10/16/2025 (POD 4) - "
     "today's note #####\nFlow 2.5 L/min, weaning. No cannula manipulation today.", {"service_date": "2025-10-16"}, [], False, None),
    ("numbered-bundle-parts-dated-on-their-titles", "TRANSFER PACKET\n[1] REFERRING HOSPITAL - PICU NOTE - 09/03/2026\n2-year-old "
     "girl on VA ECMO via right neck cutdown.\n\n[2] REFERRING HOSPITAL - OPERATIVE NOTE - 09/02/2026\nThe prior neck incision was "
     "re-opened; the carotid cannula withdrawn 8 mm and re-ligated; incision closed.\n\n[3] RECEIVING HOSPITAL - CICU ADMISSION "
     "NOTE - 09/04/2026\nArrived on VA ECMO. No cannula manipulation.", {"service_date": "2026-09-04"}, [], False, None),
    ("age-in-a-drop-down", "ECMO PROCEDURE DOCUMENTATION (drop-down form)\nPatient age:        [ 4 yr        v]     Weight: 16.5 kg\n"
     "VV ECMO run day 7. The Avalon was withdrawn 1 cm and rotated at the existing skin site, re-sutured.", {}, ["33957"], False, "age 4"),
    ("age-at-time-of-service", "PROCEDURE NOTE\nOxygenator in the circuit (V-PA ECMO). Sutures cut; the RIJ cannula was pulled back 2 cm "
     "at the existing skin site under fluoroscopy and re-secured.\nPt age at time of service: 55.", {}, ["33958"], False, "age 55"),
    ("fem-venous-drain-is-the-ecmo-cannula", "ECMO BEDSIDE PROCEDURE\nVA ECMO D5 FOR MYOCARDITIS, 6 YO BOY, FEM VENOUS DRAIN 17FR\n"
     "DRSG OFF SUTURES CUT FEM VENOUS DRAIN ADVANCED 2 CM TO IVC RA JXN UNDER FLUORO\nRESUTURED", {}, ["33958"], False, None),
    ("pointer-to-an-event-note-in-this-note", "MICU PROGRESS NOTE DOS 02/11/2026 52 yo M VV ECMO A/P: recirculation; see event note "
     "EVENT NOTE 14:10 today: at bedside I cut the securing sutures and advanced the R femoral drainage cannula 2 cm under TEE, "
     "re-sutured", {}, ["33958"], False, None),
    ("decimal-age", "PROCEDURE NOTE\nDate: 03/02/2026\nPatient: 5.9 years old, VV ECMO day 4.\nThe RIJ dual-lumen cannula was "
     "withdrawn 1 cm at the skin under echo and re-sutured.", {}, ["33957"], False, "age 5"),
    # --- HL7 v2: the date of service and the date of birth only in their fields (OBR-7, TXA-4, PID-7)
    ("hl7-obr7-day-before-6th-birthday", "MSH|^~\\&|CVICU|H|CODING|H|20260316080000||ORU^R01|1|P|2.5.1\r"
     "PID|1||123^^^H^MR||DOE^ANN||20200315|F\rOBR|1|||PROC^ECMO Procedure Note|||20260314143000\r"
     "OBX|1|TX|NOTE||VV ECMO day 5.\\.br\\Sutures cut; the dual-lumen cannula was withdrawn 1 cm at the skin under fluoroscopy "
     "and re-secured.||||||F", {}, ["33957"], False, "age 5"),
    ("hl7-txa4-on-6th-birthday", "MSH|^~\\&|CVICU|H|CODING|H|20260316080000||MDM^T02|1|P|2.5.1\r"
     "PID|1||123^^^H^MR||DOE^ANN||20200315|F\rTXA|1|PN|TX|20260315101500||20260316080000\r"
     "OBX|1|TX|NOTE||VV ECMO day 5.\\.br\\Sutures cut; the dual-lumen cannula was withdrawn 1 cm at the skin under fluoroscopy "
     "and re-secured.||||||F", {}, ["33958"], False, "age 6"),
    ("hl7-dob-without-a-date-of-service", "MSH|^~\\&|CVICU|H|CODING|H|||ORU^R01|1|P|2.5.1\r"
     "PID|1||123^^^H^MR||DOE^ANN||20200315|F\rOBR|1|||PROC^ECMO Procedure Note\r"
     "OBX|1|TX|NOTE||VV ECMO day 5.\\.br\\Sutures cut; the dual-lumen cannula was withdrawn 1 cm at the skin under fluoroscopy "
     "and re-secured.||||||F", {}, [], True, "no date of service"),
    ("drain-names-the-ecmo-drainage-cannula", "VASCULAR SURGERY PROCEDURE NOTE  DOS 06/14/2026\n44 yo F VV ECMO day 9, R fem venous drain 25 Fr placed by "
     "open exposure 06/05, RIJ return 19 Fr.\nProcedure: R groin incision reopened, CFV and cannula exposed, purse-string loosened, "
     "drain withdrawn 3 cm, purse-string re-tied, skin closed.", {}, ["33962"], False, "33962"),
    ("drain-alias-defined-in-parentheses", "ECMO Service - Cannula Procedure\nDOS: 2025-09-09\n52 yo M on VV ECMO since 08/31. Drainage "
     "(\"the drain\", R CFV 25 Fr multistage) sits high in the RA.\nThe drain was withdrawn 4 cm at its existing puncture site after "
     "the sutures were cut, then re-secured.", {}, ["33958"], False, "33958"),
    ("rounds-email-another-bed", "ECMO rounds email pasted into the chart\nDate: 01/08/2026   Patient: [NAME] (bed 9), 60 y.o. male, VV ECMO day 3\n\n"
     "Bed 12 (Ms [NAME]): her Crescent was rotated this morning under TEE for recirculation, sats 62%.\n\n"
     "Bed 9 (Mr [NAME]): echo shows the Avalon tip in the IVC, unchanged. Flows 4.8 L/min.", {}, [], False, "the patient in Bed 12"),
    ("rounds-list-this-bed", "ECMO rounds list 01/08/2026, Patient: [NAME] (bed 9), 60 y.o. male, VV ECMO day 3\n\n"
     "Bed 12: stable, no changes.\n\nBed 9: Avalon tip deep on echo; sutures cut and the Avalon withdrawn 2 cm at the skin under TEE "
     "by me this morning, re-secured.", {}, ["33958"], False, "33958"),
    ("form-block-over-a-rule-is-no-title", "ECMO CANNULA PROCEDURE - SMARTFORM EXPORT\n------------------------------\nPatient: [NAME]   Age/Sex: 45/F\n"
     "Date of Service: 07/08/2025\nProcedure:   (x) Repositioning  ( ) Removal\nConsent:     (x) Signed - husband\nTime-out:    (x) Performed 17:20\n"
     "------------------------------\nPROCEDURE NARRATIVE:\nOn VA ECMO since 07/03. The skin sutures were cut and the arterial cannula "
     "was advanced 2.5 cm percutaneously at the existing site under ultrasound, then re-secured.", {}, ["33958"], False, "33958"),
    ("procedures-list-claims-narrative-denies", "PEDIATRIC CARDIAC SURGERY - OPERATIVE NOTE\nDate: 01/07/2026   8-year-old boy\n\n"
     "PROCEDURE (as listed on the OR schedule):\n  1. Mediastinal re-exploration (chest open)\n  2. Repositioning of aortic ECMO cannula\n\n"
     "INDICATION: central VA ECMO after heart transplant, chest left open.\n\nFINDINGS AND DESCRIPTION:\nTEE showed the aortic cannula "
     "tip in the proximal arch - position appropriate. The aortic cannula was therefore inspected only and NOT repositioned.",
     {}, [], False, "claims a repositioning, but the narrative says it was not done"),
    ("bypass-cannula-a-sentence-after-bypass", "OPERATIVE REPORT - CABG\nDATE: 04/15/2026  AGE: 69\n\nDESCRIPTION:\nMedian sternotomy. The "
     "ascending aorta was cannulated; after initiation of partial bypass the aortic cannula was withdrawn 5 mm. Two-stage venous cannula "
     "in the right atrium; the venous cannula was advanced 2 cm into the IVC for better drainage.\n\nChecklist: [x] ECMO specialist present.",
     {}, [], False, "cardiopulmonary bypass"),
    ("procedures-list-two-approaches", "OPERATIVE REPORT\nAGE/SX: 42/F   DOS: 01/30/26\n\nPROCEDURES:\n1. RE-EXPLORATION OF LEFT GROIN "
     "CUTDOWN WITH REPOSITIONING OF FEMORAL ARTERIAL ECMO CANNULA.\n2. PERCUTANEOUS WITHDRAWAL OF RIGHT INTERNAL JUGULAR RETURN CANNULA.\n\n"
     "DESCRIPTION: THE LEFT GROIN INCISION WAS RE-OPENED, THE FEMORAL ARTERY EXPOSED, THE ARTERIAL CANNULA RE-SEATED 2 CM; WOUND CLOSED. "
     "THEN, AT THE NECK, SECURING SUTURES WERE CUT AND THE RIJ RETURN CANNULA WAS WITHDRAWN 3 CM AND RE-SUTURED.", {}, [], True, "approach"),
    ("circuit-age-is-no-patient-age", "ECMO DAILY NOTE\nDOS 02/03/2026\n47M on VV ECMO day 9.\nProcedure (10:40, bedside): sutures cut and the "
     "RIJ Crescent withdrawn 1.5 cm under TTE, re-secured.\nECMO safety check:\n  Circuit age: 9 days; last oxygenator change: n/a",
     {}, ["33958"], False, "33958"),
    ("another-bed-in-the-sentence", "CROSS-COVER NOTE 02/15/2026 05:20\nPt: [NAME], 60 yo F, bed 14, VV ECMO day 11 (RIJ 31 Fr Crescent).\n"
     "- 00:40-02:10: I was away assisting the ECMO attending with a bedside cannula repositioning for the patient in bed 9.\n"
     "- Flows stable at 4.6 L/min overnight.", {}, [], False, "the patient in bed 9"),
    ("note-n-of-m-bundle-dated-parts", "=== EHR EXPORT: notes for encounter, run 08/03/2025 18:00 ===\n\n[Note 1 of 3] PROCEDURE NOTE - ECMO cannula "
     "repositioning\nDate of service: 08/02/2025   Time: 23:48\nPatient: 62 yo M, VV ECMO day 6, RIJ 27 Fr Avalon.\nProcedure: sutures cut; "
     "under TTE the cannula was withdrawn 1.5 cm and rotated; re-sutured.\n\n[Note 2 of 3] NURSING NOTE 08/03/2025 06:30\nQuiet night after "
     "cannula adjustment at midnight. Mark 12 cm.\n\n[Note 3 of 3] PROGRESS NOTE 08/03/2025\nS: cannula repositioned overnight by the night "
     "attending (see procedure note 08/02 23:48). No intervention today.", {"service_date": "2025-08-03"}, [], False, "another day"),
    ("cannulation-label-of-another-day", "CT SURGERY ICU - PROGRESS NOTE\nDOS 2025-09-03  |  POD 2, post-cardiotomy central VA ECMO, open chest\n"
     "68-year-old female.\n\nCannulation: central VA ECMO established in OR 09/01: RA 32 Fr venous, ascending aorta 22 Fr arterial.\n\n"
     "BRIEF OPERATIVE NOTE - 09/03/2025\nProcedure: repositioning of the ascending aortic ECMO cannula via the open sternotomy\nDescription: "
     "the aortic purse-strings were loosened, cannula withdrawn 1.5 cm and re-angled toward the arch under TEE, tourniquets re-snugged.",
     {}, ["33964"], False, "33964"),
    ("copied-forward-age-before-a-birthday", "PEDIATRIC CARDIAC ICU PROGRESS NOTE\nService date: 04/09/2025   VV ECMO day 8\n\nHPI (copied from "
     "admission H&P 3/30, not updated): 5 yo M with Mycoplasma pneumonia, cannulated for VV ECMO 04/01.\n\nInterval: Today is his 6th birthday.\n\n"
     "BEDSIDE PROCEDURE (10:15): drainage cannula backed out on CXR; sutures cut, cannula advanced 2 cm under fluoroscopy, re-secured.\n\n"
     "A/P: 6 yo M (birthday today) on VV ECMO d8.", {"dob": "2019-04-09", "service_date": "2025-04-09"}, ["33958"], False, "33958"),
    ("timed-procedure-header-in-a-progress-note", "PICU PROGRESS NOTE\nDOS: 09/30/2025     VV ECMO day 3\nID: 7 yo F, cannulated 9/27 via RIJ 19 Fr "
     "Avalon (percutaneous).\n\nProcedure (09:20, PICU bedside, [NAME], MD; PICU attending present)\nNeck prepped, sutures cut. Under TTE the "
     "Avalon was withdrawn 1 cm and rotated until the jet was directed at the TV. Re-sutured.", {}, ["33958"], False, "33958"),
    ("checklist-item-at-bedside-is-no-approach-claim", "CICU PROGRESS NOTE\nDOS 01/18/2026\n9-wk-old on central VA ECMO, open sternum.\n\n"
     "Bedside procedure (CT surgery, 08:05-08:30):\nThe Silastic membrane over the open sternum was taken down, the RA purse-string snugger "
     "released, the venous cannula withdrawn 4 mm and redirected toward the IVC, snugger re-tied.\n\nECMO safety check:\n  [x] Emergency clamps "
     "and hand crank at bedside\n  [x] Oxygenator inspected", {"dob": "2025-11-16", "service_date": "2026-01-18"}, ["33963"], False, "33963"),
    ("insertion-dated-in-its-parenthesis", "THORACIC SURGERY OPERATIVE NOTE\nDate: 2026-02-25\nPatient: 50 yo F on VA ECMO via right axillary artery "
     "(8 mm graft sewn end-to-side, arterial cannula inserted into graft; 02/19) + R femoral venous drainage.\nProcedure: Right infraclavicular "
     "incision re-opened; graft exposed. Cannula ties released; cannula pulled back 2 cm within the graft and re-tied. Wound closed.",
     {}, ["33962"], False, "33962"),
    ("inserted-too-deep-is-a-position", "PICU Procedure Note\nPt: 9 yo girl. Date: 07/22/2026.\nVA ECMO; femoral cannulae placed by open "
     "cutdown in the OR on 07/19.\nToday: arterial cannula noted on US to be inserted too deep. The cutdown incision was NOT re-opened. At the "
     "skin exit site the securing sutures were cut and the arterial cannula withdrawn 2 cm, re-secured.", {}, ["33958"], False, "33958"),
    ("a-date-range-is-no-date", "CVICU ECMO PROGRESS NOTE\n61 yo M\nDate of service: 02/02/2026\nECMO: VV, RIJ 32 Fr Crescent.\n\nINTERVAL / EVENTS:\n"
     "- Overnight (02/01-02/02): desaturation, responded to albumin.\n- This AM (02/02, ~07:40), bedside TEE showed the jet aimed at the septum. "
     "I cut the anchoring sutures and withdrew the Crescent 2 cm and rotated it under TEE. Re-secured at 14 cm at the skin.",
     {}, ["33958"], False, "33958"),
    ("outside-hospital-note-quoted-in-a-transfer-packet", "INTERFACILITY TRANSFER PACKET - 06/06/2025\nCoding DOS: 06/06/2025 (receiving encounter)\n\n"
     "PART A - SENDING HOSPITAL ([OSH]) DOCUMENTS\nA1. OSH ECMO procedure note, 06/06/2025 04:15:\n\"Pt 57 yo F on VA ECMO. Under fluoroscopy in our "
     "cath lab the venous cannula was advanced 4 cm to the RA junction, re-secured.\"\n\nPART B - RECEIVING TEAM DOCUMENTS\nB1. CICU ADMISSION H&P "
     "06/06/2025 11:45\n57-year-old woman transferred on VA ECMO. No cannula intervention here today.", {}, [], False, "another hospital"),
    ("nurse-after-cannula-adjustment", "NURSING NOTE 09/09/2025 04:00\n41 yo M on VV ECMO. Chattering since 02:00. Intensivist at bedside 03:20.\n"
     "Flows improved from 3.4 to 4.5 L/min after cannula adjustment; dressing re-applied. Mark now 44 cm.", {}, [], False, "referred to"),
    ("numbered-notes-ecpr-title-is-the-insertion", "ED -> MICU HANDOFF PACKET    Date: 01/09/2026\nPatient [NAME], 26yo M\n\n1) ED PROCEDURE NOTE - "
     "ECPR / VA ECMO CANNULATION - 01/09/2026 01:55\nPercutaneous right CFV 25 Fr drainage and left CFA 17 Fr return cannulae placed. Before "
     "securing, fluoroscopy showed the venous tip in the SVC; the drainage cannula was pulled back 5 cm and then sutured.\n\n2) MICU ADMISSION "
     "NOTE 01/09/2026 06:30\n26yo M on VA ECMO since 01:30. No cannula issues since arrival.", {}, [], False, "insertion"),
    ("a-document-entered-in-error", "TXA|2|PR|TX|20251126133000\nPROCEDURE NOTE 2025-11-26 13:30 ** ENTERED IN ERROR **\nReason: documented on the "
     "wrong patient.\nOriginal text: 8 yo girl on VV ECMO; RIJ dual-lumen cannula withdrawn 1 cm and rotated under fluoroscopy; re-secured at the skin.",
     {"service_date": "2025-11-26", "age_years": 71}, [], False, "entered in error"),
    ("evening-of-a-date-dates-the-act", "NIGHT CROSS-COVER NOTE (MICU)\nDate of service: 03/12/2025\nM/52 on VV ECMO.\nOvernight course:\n  - Evening "
     "of 03/11 (at 23:30, before I took over at midnight) the ECMO fellow advanced the femoral drainage cannula 4 cm at the bedside.\n  - Since "
     "midnight: no chatter. No cannula manipulation during my shift.", {}, [], False, "another day"),
    ("procedure-log-rows-stay-rows", "ECMO PROCEDURE LOG - export (CVICU)\nDATE|TIME|ECMO_DAY|EVENT|DETAIL|BY\n2025-09-04|23:15|1|Cannulation|R fem 25 Fr "
     "drainage / RIJ 19 Fr return, percutaneous|[NAME] MD\n2025-09-07|10:30|4|Cannula repositioning|Femoral drainage withdrawn 3 cm under fluoro, "
     "re-sutured|[NAME] MD\n2025-09-10|08:00|7|Daily management|Sweep 4->3 L/min; no cannula manipulation|[NAME] MD",
     {"service_date": "2025-09-10", "age_years": 41}, [], False, "another day"),
    ("late-entry-claims-yesterdays-act", "ECMO CANNULA PROCEDURE NOTE - late entry\nDate of service: 02/07/2026\nAge: 42 y.o.\nVV ECMO day 5, RIJ "
     "Crescent.\n\nProcedure: ECMO cannula repositioning, percutaneous, fluoroscopic guidance.\n\nNarrative: Yesterday evening (02/06/2026, 22:15) I "
     "withdrew the cannula 2 cm under fluoroscopy at the bedside and re-sutured it; this note documents that procedure.", {}, [], False, "before this encounter"),
    ("a-log-row-names-another-teams-act", "ECMO SPECIALIST LOG   02/20/25 1830\n60M on VV ECMO.\nTime | RPM  | Flow  | Sweep | Notes\n"
     "1000 | 3490 | 4.6   | 5.4   | transport CT\n1500 | 3514 | 4.5   | 4.1   | CT surg adjusted RIJ return, pre-oxy 62%\n1700 | 3557 | 4.7   | 2.7   | lines secure",
     {"service_date": "2025-02-20"}, [], False, "log or flowsheet row"),
    ("rvad-oxygenator-only-discussed", "CATH LAB REPORT 12/14/2025\n60 y/o M. Device: ProtekDuo 29 Fr RA-to-PA cannula on a TandemHeart pump as an "
     "isolated percutaneous RVAD. No oxygenator is in the circuit (removed 12/11).\nProcedure: under fluoroscopy the ProtekDuo was advanced 2 cm "
     "percutaneously so the outflow sits in the main PA.\nPlan: if hypoxemia develops, splice in an oxygenator (Oxy-RVAD) - not needed now.\n"
     "Safety check: oxygenator inspected, no visible clot.", {}, [], False, "RVAD"),
    ("dictated-day-counts-in-words", "this is dr [name] dictating a procedure note date of service april twenty fourth twenty twenty six this is "
     "ECMO day six procedure right radial arterial line placement the patient is a sixty eight year old man on V A ecmo he was cannulated on "
     "april eighteenth and on ECMO day two the femoral arterial cannula backed out and was repositioned at the bedside under fluoro advanced "
     "three centimeters with good result and it has remained in good position since on today's chest film today i placed a right radial "
     "arterial line the ecmo cannulas were not touched today end of dictation",
     {}, [], False, "ECMO day two"),
    ("a-page-count-is-no-date", "PROCEDURE NOTE - ECMO CANNULA                        page 1/1\nDate of service: 03/09/2025   Age: 6 yrs\n"
     "VV ECMO day 4. Procedure: sutures cut; the RIJ dual-lumen cannula was advanced 1 cm at the skin under fluoroscopy and re-secured.",
     {}, ["33958"], False, "33958"),
    ("bypass-paragraph-denying-ecmo", "OPERATIVE REPORT - CARDIAC SURGERY\nAge: 74  Date of surgery: 06/12/2026\nProcedure: CABG x4 on "
     "cardiopulmonary bypass.\n\nDescription: Median sternotomy. The ascending aorta was cannulated with a 22 Fr aortic cannula and the right "
     "atrium with a two-stage venous cannula. Cardiopulmonary bypass was initiated. Line pressure was high, so the aortic cannula was "
     "repositioned 1 cm toward the arch. Weaned from bypass. Decannulated. No ECMO or IABP required.", {}, [], False, None),
    ("a-clause-after-a-semicolon-has-the-sentences-date", "DEATH SUMMARY\nDate of service: 12/21/2025\n74 yo M, VA ECMO 12/11-12/21.\nCannula "
     "course: On 12/13 the arterial cannula was found partially withdrawn after a bed change; it was advanced 2 cm at the skin under "
     "fluoroscopy by Dr. [NAME] (cath lab). Care was withdrawn on 12/21 after a family meeting.", {}, [], False, "another day"),
    ("another-providers-separate-record", "CVICU INTERDISCIPLINARY ECMO NOTE   Date of service: 03/03/2026\n66-year-old man, VV ECMO day 13.\n\n"
     "RN: 10:15 Dr. [NAME] (interventional cardiology) at bedside with portable C-arm for cannula adjustment; vitals stable.\n\n"
     "Fellow: Daily ECMO management. Recirculation improved - see Dr. [NAME]'s separate procedure note for details. I was not involved.",
     {}, [], False, "points to another note"),
    ("mothers-cannula-named-in-the-clause-before", "NICU ADMISSION HISTORY AND PHYSICAL\nDate of service: 2025-10-09\nPatient: Baby Girl "
     "[NAME]  DOB: 2025-10-09\nMaternal history: mother on VV ECMO (day 7). This morning (10/09) mother's cannula had migrated; her ECMO "
     "attending cut the securing sutures, withdrew the cannula 2 cm and rotated it under fluoroscopy, and re-secured it.",
     {"dob": "2025-10-09", "service_date": "2025-10-09"}, [], False, None),
    ("sign-out-list-the-nearest-bed-line", "MICU NIGHT SIGN-OUT - copy filed to the chart of the patient in Bed 8\nDate: 12/19/2025\n\n"
     "Bed 3 - 71 M, septic shock, not on ECMO. Nothing to do.\nBed 8 - 52 M, VV ECMO day 9, RIJ 31 Fr Avalon.\n        EVENTS THIS SHIFT "
     "(mine): 12/19 00:40 recirculation. At 01:05 I cut the sutures and pulled the Avalon back 3 cm at the skin under TEE, re-sutured at 13 cm.\n"
     "Bed 11 - 38 F, DKA.", {}, ["33958"], False, "33958"),
    ("last-night-at-a-clock-time-is-yesterday", "CCU ATTENDING PROGRESS NOTE - 02/10/2026 08:15\n\n72 y/o F, VA ECMO day 4.\n"
     "Last night at 22:40 I was called for left leg mottling; at the bedside I withdrew the left femoral return cannula 2 cm\nat the skin "
     "under fluoroscopy and re-sutured it.\nThis morning: L foot warm.", {"service_date": "2026-02-10"}, [], False, "another day"),
    ("bundle-part-signed-another-day", "##### Document bundle | Encounter DOS 2026-02-10 #####\n[Doc A] PROCEDURE NOTE   Signed 2026-02-09 16:12\n"
     "  Repositioning of R femoral drainage cannula, percutaneous, fluoro guided. 48-year-old man, VV ECMO d4.\n  Sutures cut, withdrawn 4 cm, "
     "re-sutured.\n[Doc B] PROGRESS NOTE    Signed 2026-02-10 10:05\n  VV ECMO d5. s/p drainage cannula pullback yesterday. Plan: continue.",
     {"service_date": "2026-02-10"}, [], False, "another day"),
    ("admitted-as-a-five-year-old", "PICU PROCEDURE NOTE\nDOB: 02/10/2020     DOS: 02/10/2026\nHPI: Admitted 01/28/2026 (as a 5-year-old) with "
     "adenovirus ARDS, VV ECMO via RIJ Avalon.\nProcedure: sutures cut, the Avalon withdrawn 1 cm at the skin under fluoroscopy, re-secured.",
     {}, ["33958"], False, "33958"),
    ("conversion-from-bypass-to-ecmo-is-the-insertion", "CONGENITAL CARDIAC SURGERY OP NOTE\nDate: 2026-03-25\nPatient: 5 wk old, 3.8 kg\n"
     "Procedure: repair of TAPVR; failure to separate from cardiopulmonary bypass; conversion to central VA ECMO (RA 12 Fr, Ao 8 Fr).\n"
     "Description: the bypass cannulae were used for ECMO. The RA cannula was withdrawn 5 mm and redirected on TEE before the circuit was "
     "transitioned. Sternum left open.", {}, [], False, "insertion"),
    ("maternal-line-in-the-infants-note", "NICU PROGRESS NOTE\nDate of service: 2025-10-21\nInfant: DOL 1, 35 wk GA. Not on ECMO.\nMaternal: "
     "mother, 27 y/o, on VA ECMO in the adult CVICU. Per the adult team, her femoral arterial cannula was repositioned percutaneously this "
     "morning.", {}, [], False, None),
    ("relayed-per-rn", "SOCIAL WORK PROGRESS NOTE\nDate: 2025-05-27\nPatient: 19-year-old male on VV ECMO (day 8).\n- Met with mother at "
     "bedside. Per RN, the ECMO physician adjusted his neck cannula this morning; mother was asked to step out during the procedure.",
     {}, [], False, "relayed"),
    ("pulled-during-a-timed-turn", "WOUND CARE NURSE - FOLLOW-UP NOTE\nDate: 2025-10-30\nAge: 47  VV ECMO, R femoral drainage 25 Fr.\nEvent "
     "today: during the 06:00 turn the right femoral cannula was pulled ~2 cm outward. Decision to leave the cannula at its new depth - not "
     "re-advanced. ICU NP re-sutured the cannula at the skin at its current depth.", {}, [], False, "by accident"),
    ("transseptal-la-cannula-is-peripheral", "MCS PROCEDURE DOCUMENTATION\nAge/Sex: 38/M   DOS: 2025-10-07\nECMO: [x] VA  [x] LAVA "
     "(transseptal LA drainage)\nProcedure performed: Repositioning of transseptal LA drainage cannula\nApproach: [x] Percutaneous (existing site)"
     "  [ ] Open  [ ] Central\nNarrative: Sutures cut at the left groin. Cannula withdrawn 1.5 cm under fluoro/TEE so the tip lies mid-LA; "
     "re-secured.", {}, ["33958"], False, "33958"),
    ("pulled-during-supination-and-left", "MICU PROGRESS NOTE\nDOS 01/04/2026\n39 yo M on VV ECMO since 12/27.\n\nEvents: During the 04:00 "
     "supination the femoral drainage cannula was pulled ~3 cm (skin mark now 41 cm vs 44 cm).\nReviewed with ECMO attending: cannula left in "
     "its current position, not advanced; skin sutures re-tied at the current depth.", {}, [], False, None),
    ("csv-export-with-dob-and-dos-columns", "mrn,dos,dob,sex,unit,procedure,narrative\n"
     "A1029,2026-05-04,2020-05-04,F,PICU-3,\"ECMO cannula repositioning, percutaneous\",\"VA ECMO day 2. R femoral venous cannula "
     "withdrawn 2 cm at the existing skin site under fluoroscopy; re-sutured.\"", {}, ["33958"], False, "33958"),
    ("csv-export-listing-several-encounters-dates-none", "mrn,dos,dob,narrative\nA1,2026-05-01,2020-05-04,\"VA ECMO day 1.\"\n"
     "A1,2026-05-04,2020-05-04,\"R femoral venous cannula withdrawn 2 cm percutaneously at the skin; re-sutured.\"",
     {}, [], True, "no date of service"),
    ("transfer-summary-events-on-the-day-of-transfer", "INTERHOSPITAL TRANSFER SUMMARY\nDate of transfer: 04/22/2026\n"
     "61 y.o. man on VV ECMO since 04/14.\n\nCOURSE\n04/16 Recirculation: drainage cannula pulled back 3 cm at the bedside.\n\n"
     "Events on the day of transfer (04/22/2026):\nBefore departure I advanced the femoral drainage cannula 2 cm at the skin under TEE "
     "(sutures cut, re-sutured at 44 cm).", {}, ["33958"], False, "33958"),
    ("bracketed-running-note-entry-times-what-follows", "ECMO FLOWSHEET NARRATIVE + PROGRESS NOTE\nService date: 09/03/2026 (VV-ECMO "
     "day 8)\n\nPt is a 14 y.o. girl on VV ECMO via RIJ Avalon.\n\n[07:10 RN] Pre-oxygenator sat rising, flows 3.1 L/min.\n[08:30 ECMO "
     "attending]\nA: recirculation from cannula rotation.\nP: rotate the cannula at the bedside today.\n\n[11:05 Procedure - ECMO attending "
     "[NAME], MD]\nBedside rotation of the Avalon cannula. Sutures cut at the skin. Cannula rotated 30 degrees under TEE until the jet crossed "
     "the tricuspid valve. Re-secured.", {}, ["33958"], False, "33958"),
    ("a-service-and-dated-procedure-heading-ends-the-plan", "PICU WARD ROUND\nDate: 03/05/2026\nPatient: aged 20/12, cervical VA ECMO "
     "(open cannulation in theatre 01/05).\nPlan: surgeons to re-explore the neck and advance the venous cannula today.\n\n"
     "Paediatric Surgery - bedside procedure, 03/05/2026 13:10\nNeck incision reopened, RIJ exposed, venous cannula advanced 1 cm under "
     "echo, ligatures re-tied, wound closed.", {}, ["33959"], False, "33959"),
    ("lettered-bundle-part-dated-another-day", "EHR EXPORT -- Encounter date under review (DOS): 06/12/2026 -- documents 06/10/2026 "
     "to 06/12/2026\n\n---------- [A] PROCEDURE NOTE | 06/10/2026 14:00 | ECMO attending ----------\n40 y/o M, VV ECMO.\nProcedure: "
     "percutaneous repositioning of the RIJ cannula under fluoroscopy. Sutures cut; cannula withdrawn 2 cm; re-secured.\n\n"
     "---------- [B] PROGRESS NOTE | 06/12/2026 08:30 | ICU ----------\n40 y/o M, VV ECMO day 5.\nCannula: unchanged since the 06/10 "
     "repositioning. No intervention today.", {"service_date": "2026-06-12"}, [], False, "another day"),
    ("echocardiogram-report-of-a-repositioning-during-the-study", "TRANSESOPHAGEAL ECHOCARDIOGRAM REPORT\nStudy date: 08/14/2026\n"
     "Study quality: good.\nPatient: 52 year old woman on VV ECMO.\nFINDINGS:\nDual-lumen cannula tip in a hepatic vein. Cannula repositioning "
     "(performed during this study by the ECMO attending at the existing neck skin site): sutures cut, cannula withdrawn 3 cm and rotated under TEE guidance; "
     "jet now across the tricuspid valve.", {}, ["33958"], False, "33958"),
    ("checklist-boxes-are-no-bundle-parts", "SURGICAL SAFETY CHECKLIST\nDate: 05/02/2026\nAge: 2 yr\nScheduled procedure: re-sternotomy; "
     "repositioning of the aortic ECMO cannula\nSIGN IN - 07:30\n[x] Identity confirmed\nTIME OUT - 08:00\n[x] Procedure: re-sternotomy, "
     "repositioning of aortic cannula\nSIGN OUT\n[ ] Procedure recorded\nThe operative report is documented separately.",
     {}, [], False, None),
    ("a-spine-level-is-no-date", "PICU EVENT/PROCEDURE NOTE\nDOS 04/02/2026 14:20\n3 yrs 2 mo, VV ECMO d4 via RIJ Avalon.\n"
     "Procedure: repositioning of the dual-lumen cannula, percutaneous, at the bedside\n- old sutures cut\n- cannula advanced 2 cm under "
     "fluoro to tip in IVC at T10/11\n- re-sutured at the 9 cm mark", {}, ["33957"], False, "33957"),
    ("an-indication-line-then-the-act-in-clauses", "PICU PROGRESS NOTE - ATTENDING\nDate: 06/17/2026\nSchool-age girl who turned 6 "
     "last week, VV ECMO via RIJ Avalon (percutaneous, placed 06/11).\n\nBedside procedure (today, by me):\nIndication: recirculation "
     "with the jet aimed at the septum on TEE.\nUnder TEE the dressing was taken down. The cannula was rotated ~30 degrees clockwise, depth "
     "unchanged at 12 cm; re-sutured with 2-0 silk.", {}, ["33958"], False, "33958"),
    ("an-earlier-cannulation-named-in-passing", "DICTATED OPERATIVE REPORT\nService date 11/21/2025\nThis is a fourteen year old "
     "boy who was placed on peripheral VA ECMO on 11/19 after an arrest. Cannulation was done by open cutdown of the right femoral artery "
     "and vein. Last night the arterial cannula backed out.\nIn the OR the groin incision was re-opened, the arteriotomy exposed, and the "
     "cannula re-advanced 4 centimeters and tied in place. Wound closed in layers.", {}, ["33962"], False, "33962"),
    ("a-maternal-history-section-is-the-mothers", "NICU ADMISSION NOTE\nDate: 03/14/2026\nInfant: baby boy, GA 33 wk, born today by "
     "C-section.\n\nMaternal history: 34 y/o G2P1 on VV ECMO since 03/09. Per the maternal ICU team, earlier today her return cannula "
     "was repositioned under fluoroscopy (withdrawn 2 cm).\n\nAssessment: RDS on CPAP.",
     {"service_date": "2026-03-14", "dob": "2026-03-14"}, [], False, "relayed"),
    ("a-retracted-quoted-sentence-records-nothing", "OPERATIVE NOTE - ADDENDUM\nDate of service: 07/29/2026\nPatient: 30 yo F, VV "
     "ECMO via RIJ Avalon.\nThe original dictation included a paragraph that belongs to another patient. It is struck from this "
     "record:\n   [WRONG PATIENT] \"The right femoral drainage cannula was withdrawn 4 cm at the skin under fluoroscopy and re-sutured.\"\n"
     "Procedures: percutaneous tracheostomy.", {}, [], False, None),
    ("a-negated-list-of-acts", "OPERATIVE NOTE\nDate of service: 07/29/2026\nPatient: 30 yo F, VV ECMO via RIJ Avalon.\nProcedure: "
     "percutaneous tracheostomy.\nFor this patient no ECMO cannula was repositioned, advanced, withdrawn or rotated today; the Avalon was "
     "confirmed on TEE in good position.", {}, [], False, "negated"),
    ("a-lettered-outside-procedure-note-in-a-packet", "TRANSFER PACKET\nIndexed to receiving encounter: 05/07/2026\n\n"
     "(B) REFERRING HOSPITAL: PROCEDURE NOTE - 05/06/2026 15:20\nProcedure: Repositioning of RIJ dual-lumen VV ECMO cannula under "
     "fluoroscopy. Neck sutures cut; cannula withdrawn 2 cm and rotated 25 degrees through the existing skin site; re-secured.\n\n"
     "(C) RECEIVING HOSPITAL: MICU ADMISSION H&P - 05/07/2026\n19 yo M. Cannula: no manipulation at our institution.",
     {"service_date": "2026-05-07"}, [], False, None),
    ("an-incision-made-on-another-day-reopened-today", "HYBRID OR PROCEDURE LOG\nDate of service: 04/22/2026\nAge: 60\nProcedure: ECMO "
     "cannula repositioning\nApproach: [x] Percutaneous (existing site)   [ ] Open / cutdown\nNarrative: The prior left groin incision used "
     "for the hematoma evacuation on 04/15 was reopened and the common femoral vein exposed. The drainage cannula was advanced 5 cm under "
     "fluoroscopy and the purse-string re-tied.", {}, [], True, "says percutaneous but the narrative describes open"),
    ("a-csv-cell-in-quotes-is-no-quotation", "Time,RPM,Flow,Event\n07:00,3150,0.58,\"CXR: arterial cannula tip too deep\"\n"
     "08:40,3100,0.60,\"Art cannula withdrawn 0.5 cm at skin by PICU attending; sutures cut and replaced; neck incision not opened\"\n",
     {"service_date": "2026-03-05", "dob": "2025-11-02"}, ["33957"], False, "33957"),
    ("the-course-in-the-or-is-the-procedure", "OPERATIVE REPORT\nDOS: 07/08/2026\nAGE: 60 y\nPROCEDURES PERFORMED:\n 1. ECMO turn-down "
     "trial - failed; decannulation aborted (NOT performed)\n 2. Repositioning of the femoral drainage cannula\n\nCOURSE IN THE OR: The "
     "turn-down failed. The drainage cannula tip lay in the LA, so it was repositioned: sutures removed; under TEE and fluoroscopy the "
     "cannula was withdrawn 5 cm at the skin until the tip lay in the RA. No groin incision. Re-secured.", {}, ["33958"], False, "33958"),
    ("a-sternotomy-for-another-operation", "OPERATIVE REPORT - CARDIAC SURGERY\nDate of Surgery: 09/12/2026\n58 yo M on peripheral VA ECMO "
     "since 09/08.\n\nDESCRIPTION: Median sternotomy. LVAD implanted on bypass. VA ECMO re-instituted via the femoral cannulae.\n\n"
     "REPOSITIONING OF FEMORAL DRAINAGE CANNULA: The skin sutures were cut and under TEE the drainage cannula was withdrawn 4 cm at the "
     "groin skin. No groin incision was made. Re-secured.", {}, ["33958"], False, "33958"),
    ("a-neck-cannula-moved-through-the-chest-stays-r12", "OPERATIVE NOTE\nDate: 09/12/2026\n8 yo on VA ECMO via right neck cannulae.\n"
     "Re-sternotomy. Through the open chest the venous cannula tip was pulled back 1 cm from the IVC into the RA. Chest closed.",
     {}, [], True, "R12"),
    ("age-in-words-after-its-label", "PEDIATRIC CARDIAC CATHETERIZATION REPORT\nProcedure date: 02/21/2026\nAge: ten years   Sex: F\n"
     "On femoral VA ECMO since 02/18. The drainage cannula was advanced 6 cm over a wire through its skin site under fluoroscopy.",
     {}, ["33958"], False, "33958"),
    ("a-three-day-old-sternotomy-is-no-age", "CONGENITAL HEART SURGERY - RETURN TO OR\nDOS: 2026-05-29\nProcedures: re-opening of the "
     "3-day-old sternotomy; repositioning of the RA venous ECMO cannula.\nThe chest was re-opened. The RA cannula was advanced 1.5 cm and "
     "redirected toward the IVC; purse-string re-tied.", {"age_years": 4}, ["33963"], False, "33963"),
    ("a-form-title-row-is-not-joined-to-the-next-line", "PICU ECMO -- brief proc note      DOS 05/22/2026      author: PICU fellow "
     "(B. Tanaka)\n7 yo M w/ influenza B, VV ECMO day 4 via RIJ DL cannula (perc, IR 05/18).\nProc: sterile prep, skin sutures cut, cannula "
     "pulled back 1 cm at the skin under echo; resutured.", {}, ["33958"], False, "33958"),
    ("a-transcription-date-is-not-the-event-date", "DICTATION -- OPERATIVE REPORT (transcribed 07/23/2026 08:40)\nDate of "
     "operation: July 22, 2026\nThe patient is a 50-year-old man on VA ECMO.\nProcedure in the operating room. The securing sutures were "
     "cut and under fluoroscopy the venous drainage cannula was advanced 5 centimeters through its skin site, then re-sutured at the skin.",
     {}, ["33958"], False, "33958"),
    ("insertion-of-takes-its-object-after", "OPERATIVE REPORT\nDate: 03/18/2026\nPatient: 50-year-old man, VV ECMO day 21.\n"
     "Procedures performed:\n1. Removal of the 19 Fr RIJ return cannula over a wire and insertion of a 31 Fr Crescent dual-lumen cannula in "
     "the same vein, fluoroscopic guidance.\nDescription: the 19 Fr cannula was removed over the wire; the tract dilated and the 31 Fr "
     "Crescent advanced over the wire into the IVC.", {}, [], False, "insertion"),
    ("a-pointer-in-a-sentence-about-another-procedure", "CVICU ATTENDING PROGRESS NOTE\nDOS: 01/30/2026\n54yo M on VV ECMO day 10.\n\n"
     "ADDENDUM - EVENT NOTE   01/30/2026 16:50\nI withdrew the return cannula at the bedside: sutures cut, cannula pulled back 4 cm to the "
     "15 cm mark under TTE guidance; re-sutured. Bronchoscopy then done without event (separate note).", {}, ["33958"], False, "33958"),
    ("a-configuration-run-started-on-an-earlier-day", "PERFUSION ECMO RECORD\n71 yo female\nDate of service: 04/09/2026\nHx: AVR + "
     "CABG on 04/07, unable to wean from CPB -> central VA ECMO, chest left open.\nLimb: central cannulation - no limb perfusion issue.\n\n"
     "CT SURGERY ADDENDUM - 04/09/2026 08:55\nBedside re-exploration of the open sternotomy. The ascending aortic cannula had retracted "
     "~1.5 cm. Tourniquets loosened, cannula re-advanced 1.5 cm, purse-strings re-snugged.", {}, ["33964"], False, "33964"),
    ("done-at-the-physicians-request-is-no-plan", "ECMO SPECIALIST PROCEDURE RECORD\nDate: 2026-03-03\nPatient: 38 yo M, VV ECMO.\n"
     "Procedure (physician): sutures removed from the femoral drainage cannula. Flow reduced by me to 2.5 L/min at the physician's request "
     "while Dr [NAME] withdrew the drainage cannula 6 cm under ultrasound guidance. No incision made. Re-secured.", {}, ["33958"], False, "33958"),
    ("a-relatives-age-on-a-wrapped-line", "PICU PROCEDURE + PROGRESS NOTE\nDate: 03/20/2026\nPatient: 4 y 2 mo boy on VA ECMO.\nProc: "
     "sutures cut, the venous cannula withdrawn 1 cm at the skin under echo; re-secured.\nS: sedated. Mother at bedside\n(32 yo, stays "
     "overnight), dad (35) visits after work.", {}, ["33957"], False, "33957"),
    ("a-numbered-item-under-a-timed-procedure-header", "ADULT ECMO SERVICE - PROCEDURE + PROGRESS NOTE\nDate: 10/15/2026        VV ECMO day "
     "12\nPt: 50 yo woman\nBackground: VV ECMO 10/4 via R femoral drainage and L femoral return.\n\nPROCEDURE (10/15/2026 11:10-12:30, "
     "CVICU bed 6, bedside, fluoro + TEE)\n1. Insertion of 31 Fr Crescent dual-lumen VV ECMO cannula, RIJ, percutaneous, fluoro guided.\n"
     "2. Removal of both femoral cannulae.\nTechnique: wire to IVC; serial dilation; Crescent advanced to the IVC, rotated to point the jet "
     "at the TV.", {}, [], False, "insertion"),
    ("a-quoted-title-wrapped-onto-the-next-line", "ICU PROGRESS NOTE\nDate of service: 01/08/2026\n60M on VV ECMO day 6.\nNo further "
     "cannula manipulation today.\nNight team procedure note referenced: \"Procedure note - drainage cannula withdrawal, 01/08/2026 02:40,\n"
     "ECMO fellow; attending present\" - filed separately in the chart.", {}, [], False, None),
    ("a-cannula-found-inserted-too-deep", "OPERATIVE REPORT\nDate: 2026-03-03\nPatient: 71 yo M on central VA ECMO since 02/27.\n"
     "Operation: re-sternotomy, repositioning of the central aortic ECMO cannula.\nProcedure: re-opening of the sternotomy. The aortic "
     "cannula was found inserted approx. 4 cm deep with the tip angled cranially. The tourniquets were loosened, the cannula withdrawn "
     "1.5 cm and the purse-strings re-tied.", {}, ["33964"], False, "33964"),
    ("a-negation-wrapped-onto-an-indented-line", "ICU DAILY NOTE\nDate: 05/12/2026\nPatient: 29 years, female. VV ECMO day 4.\n"
     "2. Drainage cannula position: discussed with the ECMO team; because flows are adequate, the team decided NOT to\n"
     "   reposition the cannula today. Observe: daily TOE.", {}, [], False, "negated"),
    ("a-csv-export-with-multi-line-cells", "doc_id,line_no,section,text\nDOC-550213,1,HEADER,\"CVICU ECMO Procedure Note\nDOS: "
     "09/03/2026\"\nDOC-550213,2,PATIENT,\"29F, POD 10, on VV ECMO for ARDS.\"\nDOC-550213,5,PROCEDURE,\"Securing sutures cut.\n"
     "Cannula pulled back 2 cm at the skin under TTE and rotated until the tip was seen free in the IVC lumen.\nRe-sutured at 16 cm.\"\n"
     "DOC-550213,7,COMPLICATIONS,None.\n", {}, ["33958"], False, "33958"),
    ("dissected-free-is-no-negation", "ECMO CANNULA PROCEDURE - TEMPLATE NOTE\nDate of service: 12/28/2026\nPatient: 45 yo M\nProcedure: ECMO "
     "cannula repositioning\nApproach:  [x] Percutaneous (existing site)   [ ] Open / cutdown\nNarrative: The previous cutdown incision was "
     "reopened and the femoral artery dissected free at the cannula entry site. The cannula was advanced 2 cm and the purse-string re-tied.",
     {}, [], True, "says percutaneous but the narrative describes open"),
    ("an-attending-who-opened-the-wound", "PEDIATRIC SURGERY - BEDSIDE PROCEDURE NOTE (Resident)\nDOS: 04/22/2026\nPt: 3 y/o M on VA ECMO "
     "via R neck cutdown 4/17.\nDescription (resident): the skin sutures were cut and the venous cannula pulled back 1 cm at the skin "
     "(incision not reopened), then re-sutured.\n\nATTENDING ATTESTATION\nI agree with the resident's note. I performed the key portion "
     "myself: opened the R neck wound, freed up the IJ ties, backed the venous cannula out 1 cm and re-tied it.", {}, [], True, None),
    ("an-act-named-as-carrying-a-risk", "MICU ECMO EVENT NOTE\nDate: 2026-07-14\nPt: 44 yo F\nEvent: during the turn to prone the R "
     "femoral drainage cannula was inadvertently pulled back 3 cm.\nDecision: flows are unaffected and re-advancing a cannula through a "
     "non-sterile external segment carries infection risk, so the cannula will be left where it is; one new suture placed at the skin.",
     {}, [], False, None),
    ("a-mediastinal-re-exploration-is-central", "OPERATIVE REPORT\nDATE OF OPERATION: 09/23/2026\nPROCEDURES PERFORMED:\n1. Mediastinal "
     "re-exploration for bleeding.\n2. Repositioning of the ascending aortic ECMO cannula.\nINDICATIONS: 67-year-old man on central VA ECMO "
     "after AVR/CABG, chest left open.\nDESCRIPTION: the Rummel tourniquets were released, the cannula was withdrawn approx 1 cm and rotated "
     "into the arch; tourniquets re-snugged.", {}, ["33964"], False, "33964"),
    ("the-note-of-twin-a", "CICU Daily Progress Note - Twin A\n05/22/2026\n11 days old, Twin A, on central VA ECMO after arterial switch.\n"
     "Family: parents also discussed Twin B (separate chart, NICU, on VA ECMO via the neck) - per the NICU team, Twin B's neck incision was "
     "re-opened today and her arterial cannula withdrawn 5 mm.\nNo procedures performed on Twin A today.", {"dob": "2026-05-11"}, [], False, None),
    ("a-claim-denied-by-it-was-not-repositioned", "OPERATIVE REPORT\nDATE OF SURGERY: 03/03/2026\nOPERATION: Mediastinal re-exploration "
     "for bleeding; repositioning of ECMO cannula\nINDICATIONS: 61-year-old man on central VA ECMO.\nPROCEDURE IN DETAIL: 900 mL of clot "
     "evacuated. The aortic ECMO cannula was examined carefully: the tip lay in the graft lumen with laminar flow. It was therefore NOT "
     "repositioned; tourniquets left undisturbed.", {}, [], False, None),
    ("an-age-in-a-piped-banner", "PROCEDURE NOTE 12/19/2026\nPatient banner: [NAME] | 6 y | M | PICU 12\nVV ECMO. Sutures cut; the Avalon "
     "advanced 1 cm at the skin under fluoro; re-sutured.", {}, ["33958"], False, "33958"),
    ("the-options-of-an-unstated-approach", "NICU ECMO SPECIALIST SHIFT NOTE\nDOS 02/08/2026\nBaby boy, DOL 9, VA ECMO via R neck "
     "(IJ 10 Fr venous, CCA 8 Fr arterial).\n1130 Venous cannula withdrawn about 1 cm per surgeon at the bedside, re-secured.\n"
     "Approach (at the skin vs neck incision re-opened) not stated by the surgical team.", {}, [], True, "approach"),
    ("a-central-run-converted-to-peripheral-says-nothing-of-the-groin", "TRANSPLANT SURGERY PROGRESS NOTE    Date: 06/19/2026\n"
     "52-year-old man s/p bilateral lung transplant 06/16/2026 on intra-operative central VA ECMO, converted at the end of the case to "
     "peripheral VA ECMO: a chimney graft sewn to the right common femoral artery through a groin incision with the arterial cannula "
     "inside it, and a venous cannula placed percutaneously.\n\nPROCEDURE TODAY\nThis afternoon in the OR the right femoral arterial "
     "ECMO cannula was withdrawn about 2 cm and re-secured within the chimney graft under fluoroscopy.", {}, [], True, "cutdown"),
    ("a-clamshell-for-the-transplant-is-not-the-cannulas-approach", "OPERATIVE REPORT\nDate of Operation: 04/22/2026\nPatient: "
     "[NAME]   41 y/o M\nProcedures:\n1. Bilateral sequential lung transplantation through a clamshell incision (bilateral anterior "
     "thoracotomies with transverse sternotomy).\n2. Repositioning of the existing right internal jugular dual-lumen VV ECMO cannula "
     "at its skin site, TEE guidance.\n\nDescription: The right neck was prepped as a separate field. The Crescent cannula was "
     "withdrawn 2 cm and rotated under TEE until the return jet crossed the tricuspid valve. No neck incision was made; the cannula "
     "was handled only at its existing percutaneous exit site.\n\nBilateral anterior thoracotomies were joined by a transverse "
     "sternotomy and both lungs were implanted.", {}, ["33958"], False, "33958"),
    ("a-groin-re-exploration-item-with-re-seating", "OPERATIVE NOTE\nDate: 04/02/2026\nAge: 60 y\nProcedures:\n 1. Left groin "
     "re-exploration and re-seating of the left femoral arterial ECMO cannula\n 2. Advancement of the right femoral venous ECMO "
     "cannula at the skin under fluoroscopy\n\nProcedure:\n(1) The left groin cutdown was reopened and the CFA exposed. The arterial "
     "cannula had backed out; it was re-seated (advanced 1.5 cm), the purse-string replaced, and the tourniquet re-tied.\n(2) The "
     "right femoral venous cannula (percutaneous site; no incision) had its skin sutures cut and was advanced 5 cm under fluoroscopy.",
     {}, [], True, "two approaches"),
    ("a-numbered-item-after-a-one-line-label", "SURGICAL CRITICAL CARE - PROCEDURE NOTE\nDate of service: 10/01/2025\n"
     "Procedures:\n 1. Open tracheostomy through a neck incision\n 2. Fluoroscopic repositioning of the right femoral ECMO return cannula\n\n"
     "Background: VV ECMO since 09/24/2025 for ARDS, both cannulae placed percutaneously. 47 yo M.\nLabs: Hgb 8.0, plt 158K. "
     "Consent: spouse by phone.\n\n1. Trach - single-stage dilator, 8.0 Portex.\n2. Cannula - R groin dressing removed, sutures cut. "
     "Under C-arm fluoroscopy the return cannula was advanced 7 cm through its skin site. Re-secured. No incision.",
     {}, ["33958"], False, "33958"),
    ("a-thoracotomy-for-decortication-is-not-the-cannulas-approach", "OPERATIVE REPORT\nDate: 03/01/2026\nAge: 9 years\n"
     "Procedures:\n1. Left posterolateral thoracotomy and decortication.\n2. Advancement of the right internal jugular Avalon ECMO "
     "cannula at its existing skin site under fluoroscopy.\n\nCannula: Neck dressing removed, sutures at the skin cut. Under "
     "fluoroscopy the cannula was advanced 1.5 cm until the tip was in the hepatic IVC. No cutdown or neck incision; manipulation at "
     "the skin only. Re-secured.\n\nThoracotomy: right lateral decubitus, posterolateral thoracotomy through the 5th interspace, "
     "peel removed.", {}, ["33958"], False, "33958"),
    ("an-incision-from-the-cannulation-re-opened", "OPERATIVE NOTE\nDate: 04/08/2026\nAge: 57 y\nApproach: [x] Percutaneous   "
     "[ ] Open/cutdown\nNarrative: The previous right groin incision from the cannulation in the cath lab on 04/05 was re-opened and "
     "the common femoral artery exposed down to the cannula. The purse-string was loosened and the arterial ECMO cannula advanced 3 cm.",
     {}, [], True, "says percutaneous but the narrative describes open"),
    ("a-size-written-as-one-word-tells-the-insertion", "Vasc Surg event note 2/2/26 1540\n44F VA ECMO (R CFA 17Fr via cutdown, "
     "L CFV 25Fr perc). Art cannula backed out ~3 cm per skin marking.\nR groin incision reopened in unit, CFA exposed, cannula "
     "re-seated (advanced 3 cm), purse-string re-tied. Wound closed 2-0 vicryl/staples.", {}, ["33962"], False, "33962"),
    ("a-correction-saying-no-cannula-procedure-was-performed", "ECMO fellow note 2026-01-29\n49 yo M VV ECMO d9 (RIJ Crescent).\n"
     "Procedure: cannula rotated 20 deg under TEE, re-sutured at the skin.\n\nAttending attestation 2026-01-29: Correction - the "
     "procedure above was performed on another patient and documented here in error. No cannula procedure was performed on this "
     "patient today.", {}, [], False, "No cannula procedure was performed"),
    ("an-age-after-the-patient-label", "CHARGE CAPTURE - PROCEDURES (CVICU)\nDate of service: 2026-03-09\nPt: 34 / F\n"
     "Brief description: L fem drainage cannula pulled back 3 cm under fluoro at the skin; re-sutured.", {}, ["33958"], False, "age 34"),
    ("bypass-cannulation-in-the-session-is-another-cannula", "OPERATIVE REPORT\nDate: 03/11/2026\nAge: 52\nProcedures: 1. Orthotopic "
     "heart transplantation. 2. Repositioning of the right femoral arterial ECMO cannula.\n\nDescription: The right femoral arterial "
     "ECMO cannula had backed out on the CT; the skin sutures were cut and it was advanced 4 cm at its skin site, re-secured.\n\nMedian "
     "sternotomy. Ascending aortic cannulation (22 Fr) and bicaval venous cannulation for CPB; the ECMO circuit was clamped.", {},
     ["33958"], False, "33958"),
    ("we-did-not-re-open-the-wound", "PICU ECMO PROCEDURE REPORT\nDatum: 09-04-2026\nECMO: VA, cannulated 06-04-2026 via right "
     "neck cut-down, day 3. 4 yo girl.\nWhat was done: Bedside, sterile. We did NOT re-open the neck wound. The fixation sutures "
     "were cut and the venous cannula withdrawn 1.5 cm under echo guidance. Fixed again with 2 sutures.", {}, ["33957"], False, "33957"),
    ("a-diagnostic-list-names-no-insertion", "ECMO PROCEDURE NOTE\nDate: 15/05/2026\nPatient of 34 years old, masculine sex.\n"
     "Diagnostic:\n1. Severe ARDS\n2. VV ECMO femoro-jugular since 11/05/2026 (day 4)\n3. AKI, in CRRT connected to the circuit\n\n"
     "Procedure done: repositioning of the drainage cannula, percutaneous, at the bedside. We cut the fixation stitches in the right "
     "groin; the cannula was withdrawn 4 cm under echography guide. New fixation at the skin.", {}, ["33958"], False, "33958"),
    ("an-age-before-a-described-sex", "ICU WARD ROUND - Consultant entry   Date: 18/08/2025\nPt [NAME], 71 yrs, Chinese male\n"
     "VV ECMO D6. PROCEDURE (same day): sutures cut at R groin; under C-arm the drainage cannula advanced 3 cm at the skin; resutured.",
     {}, ["33958"], False, "age 71"),
    ("a-circuit-check-documented-separately-is-no-pointer", "PICU PROGRESS NOTE - ECMO\nDate: 09/29/2025\n5 yo boy, VV ECMO day 6.\n\n"
     "PROCEDURE - 09:30 - performed by me\nExisting securing sutures cut at the skin. Drainage cannula withdrawn 4 cm to the intrahepatic "
     "IVC. Resecured.\n\nECMO BEDSIDE SAFETY CHECK\n[x] Hand crank at bedside\nPerfusion circuit check documented separately (daily).",
     {}, ["33957"], False, "33957"),
    ("a-timed-entry-under-an-addendum", "PICU Daily Progress Note\nDOS: 01/23/2026\n18 mo female on VV ECMO d4 via RIJ Avalon.\n"
     "A/P: concern for cannula migration; plan TTE now and reposition at bedside if malpositioned.\n\nADDENDUM 01/23/2026 12:05 (same "
     "author)\nTTE 10:40: Avalon tip ~2 cm into the hepatic vein.\nI performed a bedside ECMO cannula repositioning at 11:15: sutures cut "
     "at the skin, cannula withdrawn 1 cm and rotated ~20 deg under fluoroscopy. Re-sutured.", {}, ["33957"], False, "33957"),
    ("a-rotated-film-moves-no-cannula", "ECMO CANNULA PROCEDURE (EHR template)\nDate of service: 2025-04-22\nAge/Sex: 48/F\nProcedure: "
     "ECMO cannula repositioning\nApproach: [x] percutaneous\nDescription: Portable C-arm: cannula tip over the IVC, not in a hepatic vein "
     "(the AM CXR was rotated). The cannula was found in satisfactory position and was not advanced, withdrawn, or rotated.",
     {}, [], False, "not done"),
    ("the-roommates-procedure", "PICU NURSING PROGRESS NOTE 0700-1900\nDate: 10/26/2025\nPt: 8 y.o. M, bed A (bed B = different "
     "patient). VV ECMO day 9 via RIJ Avalon, marked 9 cm at skin, unchanged. Cannula not manipulated today.\n1330: Bed B patient "
     "(roommate, not my patient) had a bedside ECMO cannula adjustment by the ECMO surgeon; the cannula was withdrawn 2 cm at the skin.",
     {}, [], False, None),
    ("an-age-in-a-table-with-drawn-borders", "CT SURGERY BEDSIDE PROCEDURE NOTE\n+--------+-------+---------+\n| Pt     | Age   "
     "| ECMO day|\n+--------+-------+---------+\n| [NAME] | 3y    | 2       |\n+--------+-------+---------+\nProcedure: venous ECMO "
     "cannula pulled back 1.5 cm at the skin under TTE; skin sutures cut and replaced; the neck incision was not opened.",
     {}, ["33957"], False, "33957"),
    ("years-and-twelfths", "OPERATIVE NOTE\nAGE: 4 11/12 yo F\nThe right neck incision was re-opened, the arterial ECMO "
     "cannula withdrawn 1 cm and re-tied, incision closed.", {}, ["33959"], False, "age 4"),
    ("sex-then-age-is-years", "PEDIATRIC ECMO SERVICE | Procedure documentation\n| Field   | Value |\n|---------|-------|\n| Sex/Age | M/7 "
     "|\n| DOS     | 12/15/2025 |\nRIJ Avalon withdrawn 3 cm and rotated at the existing skin site under fluoroscopy; re-sutured.",
     {}, ["33958"], False, "age 7"),
    ("a-sex-before-weeks-pregnant-is-no-age", "ECMO DAILY NOTE\nPt: [NAME]   Age 33   Sex F\nSummary: 33 F, 22 weeks pregnant, VV "
     "ECMO day 8. Today the drainage cannula was advanced 2 cm at the skin under TTE; re-sutured.", {}, ["33958"], False, "33958"),
    ("four-factor-pcc-is-no-age", "OPERATIVE NOTE\nDate: 03/02/2026\n71 yo M on VV ECMO. Products: 2 PRBC, 1 dose 4F-PCC.\nThe RIJ "
     "Crescent cannula was withdrawn 2 cm at the skin under TEE; sutures replaced.", {}, ["33958"], False, "age 71"),
    # --- guards from the review of this session's rules: each must keep its code
    ("a-groin-re-exploration-item-is-the-acts-own-step", "OPERATIVE NOTE\nDate: 03/02/2026\nAge: 50\nProcedures: 1. Right groin "
     "re-exploration. 2. Repositioning of the right femoral arterial ECMO cannula.\nDescription: the cannula was advanced 2 cm and "
     "re-secured.", {}, ["33962"], False, "33962"),
    ("once-back-in-bed-the-patient-had", "ICU note. 50 yo M on VV ECMO. Once back in bed the patient had the drainage cannula "
     "withdrawn 2 cm at the skin under fluoroscopy; re-sutured.", {}, ["33958"], False, "33958"),
    ("an-or-with-unclear-is-no-unstated-approach", "PROCEDURE NOTE 50 yo M VV ECMO. Drainage cannula withdrawn 2 cm percutaneously "
     "at the skin under fluoroscopy for suction events or low flows of unclear cause.", {}, ["33958"], False, "33958"),
    ("a-skin-incision-for-seldinger-is-no-cutdown", "PROCEDURE NOTE 45 yo F. VV ECMO cannula placed on 03/01 under ultrasound with "
     "Seldinger technique through a small skin incision.\nToday the drainage cannula was withdrawn 2 cm at the skin under fluoroscopy; "
     "re-sutured.", {}, ["33958"], False, "33958"),
    ("diagnostic-and-therapeutic-procedures-is-the-procedure", "OPERATIVE NOTE\nDate: 03/02/2026\n52 yo M.\nDiagnostic and "
     "therapeutic procedures:\n1. VV ECMO cannulation via the right femoral vein and RIJ.\n2. Under fluoroscopy the RIJ return cannula "
     "was withdrawn 1 cm at the skin before securing.", {}, [], False, "R1"),
    ("no-other-procedures-performed", "PROCEDURE NOTE 45 yo F VV ECMO. Procedure: drainage cannula advanced 2 cm at the skin under "
     "fluoroscopy; re-sutured.\nOther procedures today: no procedures performed.", {}, ["33958"], False, "33958"),
    ("a-timed-procedure-heading-is-a-block", "PICU NOTE DOS 01/23/2026. 3 yo on VV ECMO.\nYesterday: cannula withdrawn 1 cm.\n\n"
     "PROCEDURE 11:15: sutures cut at the skin, cannula withdrawn 1 cm under fluoroscopy. Re-sutured.", {}, ["33957"], False, "33957"),
    ("a-duration-in-years-is-no-age", "ICU NOTE. PMH: hepatitis C x 10 yrs, Caucasian male, age 58. VV ECMO. Drainage cannula "
     "withdrawn 2 cm at the skin under fluoroscopy; re-sutured.", {}, ["33958"], False, "age 58"),
    ("re-seating-is-a-repositioning", "OPERATIVE NOTE\nDate: 04/02/2026\nAge: 61\nProcedure: re-seating of the left femoral "
     "arterial ECMO cannula through the re-opened groin cutdown; purse-string re-tied, wound closed.", {}, ["33962"], False, "33962"),
    ("bedside-fluoroscopy-is-no-approach", "RADIOLOGY - BEDSIDE FLUOROSCOPY\nAGE: 4\nVA ECMO via the right neck. Under bedside "
     "fluoroscopy the venous cannula was withdrawn by the surgeon approximately 1.5 cm.", {}, [], True, "approach"),
    ("a-dpc-adjusted-beside-a-repositioned-cannula", "CATH LAB - ECMO CANNULA PROCEDURE\nDate: 2025-07-09\n41-year-old male on "
     "VA ECMO day 3.\nProcedure:\n1. Drainage cannula repositioning: securing sutures cut; the cannula was advanced 6 cm under "
     "fluoroscopy at the skin. Re-secured.\n2. DPC adjustment: wire passed through the distal perfusion sheath, sheath re-advanced 4 cm "
     "over the wire. Re-sutured.", {}, ["33958"], False, "33958"),
    ("a-dpc-adjusted-alone-stays-a-review", "ICU PROCEDURE NOTE\nDate: 2025-07-09\n41-year-old male on VA ECMO day 3.\nDPC "
     "adjustment: the distal perfusion catheter was re-advanced 2 cm over a wire at the skin; re-sutured.", {}, [], True, "distal perfusion"),
    ("another-notes-bedside-is-no-approach", "CTICU NOTES - 02/05/2026\n========================================\nDocument Type: "
     "Brief Operative Note\nPatient: 56 y/o M, peripheral VA ECMO day 4.\nProcedure: Repositioning of R femoral arterial ECMO cannula.\n"
     "Findings: cannula tip in the common iliac; cannula repositioned to the CFA/EIA junction.\n========================================\n"
     "Document Type: ECMO Specialist Note\nCircuit checked. Emergency equipment at bedside: clamps x4, hand crank.", {}, [], True, "approach"),
    ("a-blake-drain-is-another-drain", "PROCEDURE NOTE\nDOS 06/14/2026\n44 yo F VV ECMO day 9, R fem venous drain 25 Fr. Mediastinal "
     "Blake drain in place.\nThe Blake drain was withdrawn 3 cm at the bedside and re-secured.", {}, [], False, "not an ECMO cannula"),
]


# More phrasings: temporal cues, active voice, surgical exposure, typos, decoy "dilated" RVs.
MORE_NOTES = [
 ("68F, RV failure after LVAD. RIJ ProtekDuo (29 Fr) placed 2/18. Today under fluoroscopy the cannula was advanced percutaneously into the main PA; re-secured at the neck.", []),
 ("54 yo M, VV ECMO initiated for influenza ARDS. Today the drainage cannula was advanced 3 cm percutaneously under fluoroscopy.", ["33958"]),
 ("VV ECMO cannulation on 3/1. 45 yo F. Procedure today: RIJ cannula pulled back 1 cm at bedside, re-sutured.", ["33958"]),
 ("62 year old male. Echo: RV dilated, LVEF 20%. VA ECMO day 3. The femoral venous cannula was advanced 5 cm percutaneously.", ["33958"]),
 ("The patient is a 54 years of age female on VV ECMO day 4. We advanced the drainage cannula 3 cm at the bedside under TEE and re-secured it.", ["33958"]),
 ("Procedure: adjusted the ECMO cannula position at bedside, withdrawn 2 cm. 71 y/o M.", ["33958"]),
 ("ECMO day 2. 3 yo. Cannula depth adjusted from 9 to 8 cm at the skin under echo.", ["33957"]),
 ("VV ECMO, 30 yo F. No cannula manipulation was performed today.", []),
 ("VA ECMO 66M. Cannula repositioning attempted at bedside but unsuccessful; will go to cath lab.", []),
 ("Date of Service 3/14/26\nDOB 3/15/20\nVV ECMO: cannula withdrawn 1 cm percutaneously under fluoro.", ["33957"]),
 ("OPERATIVE NOTE\n45 yo M on VA ECMO day 5.\nProcedure: surgical exposure of the right common femoral artery and repositioning of the arterial ECMO cannula, which was advanced 2 cm. Wound closed.", ["33962"]),
 ("OP NOTE: 60F central VA ECMO post-CABG. Chest reopened at bedside; RA cannula withdrawn 1 cm and re-secured.", ["33964"]),
 ("ECMO note 50 yo M. Cannulae removed at the bedside, purse-strings tied. Decannulated successfully.", []),
 ("VV ECMO day 9, 40 yo M. The oxygenator was changed and the circuit was repositioned on the bed. Cannula position unchanged.", []),
 ("VV ECMO day 4, 28 yo F. Patient turned to left side q2h; cannula secured.", []),
 ("ECMO: 46 yo M. HFNC weaned. Drainage cannula advanced 2 cm percutaneously yesterday.", []),
 ("Bedside ECMO procedure, 33 yo. Return cannula was retracted 1.5 cm under TEE guidance and sutured back to the skin.", ["33958"]),
 ("ECLS day 3 in a 2-year-old. The venous cannula was repositioned at the bedside (withdrawn 5 mm) under echocardiography; securing sutures replaced.", ["33957"]),
 ("Neonate on VA ECMO, DOL 4. Re-exploration of the right neck: the arterial cannula was withdrawn 3 mm and re-tied; incision closed.", ["33959"]),
 ("19M s/p MVC on VV ECMO day 3, Crescent cannula given a quarter turn and advanced 1 cm percutaneously under fluoro.", ["33958"]),
 ("PROCEDURE: ECMO cannula repositioning\nPatient age: 70\nThe venous cannula was withdrawn 2 cm.", []),
 ("VA ECMO 50 yo M. The percutaneously placed femoral arterial cannula had migrated; groin cutdown re-explored, cannula advanced 2 cm, wound closed.", ["33962"]),
 ("VV ECMO, 40 yo. Drainage cannula reposiitoned 2 cm deeper at bedside, resutured.", ["33958"]),
 ("ECMO CANNULA NOTE. Age: 30. ( ) Fluoroscopy (x) Ultrasound. Cannula advanced 1 cm percutaneously.", ["33958"]),
 ("VV ECMO day 4, 40 yo M. The drainage cannula was inserted a further 2 cm at the bedside and re-sutured.", ["33958"]),
 ("VA ECMO 61 yo F. Arterial cannula pulled 1 cm at the skin, re-secured.", ["33958"]),
 ("VV ECMO day 4, 28 yo F. Patient repositioned for skin care; cannula secured.", []),
 ("VV ECMO day 6, 41 yo M. Cannula securement adjusted, dressing changed.", []),
 ("ECMO day 3. 52 yo. Head repositioned to midline to improve drainage; ECMO tubing repositioned to relieve a kink.", []),
 ("VV ECMO with RIJ Crescent, 36 yo F; cannula noted to have migrated 2 cm outward; re-advanced to the 15 cm mark at the bedside, re-secured.", ["33958"]),
 ("During cannulation the cannula was withdrawn and re-advanced into the IVC under TEE. 50 yo M, VV ECMO.", []),
 ("VA ECMO, 58 yo. Recommend repositioning of the drainage cannula under fluoroscopy.", []),
 ("VA ECMO, 58 yo. We were going to reposition the cannula but flows improved with volume.", []),
 ("PROCEDURE: drainage cannula changed out for a 27 Fr over a wire. 44 yo M on VV ECMO.", []),
 ("Procedure Date - 01/05/2026\nDOB: 01/06/2020\nVV ECMO. The drainage cannula was pulled back 1 cm percutaneously.", ["33957"]),
 ("Repositioning of the venous cannula was required after it dislodged during proning; advanced 4 cm at the bedside and re-sutured. 48 yo M on VV ECMO.", ["33958"]),
 ("NICU ECMO NOTE: 2 day old female, VA ECMO. Arterial cannula pulled back 3 mm at bedside per CXR, re-secured with sutures.", ["33957"]),
 ("MICU - 29 yo on VV ECMO day 6. ECMO specialist note: the cannula was found 2 cm out; attending re-advanced it 2 cm at the bedside and re-sutured. No fluoroscopy.", ["33958"]),
 ("Cath lab: 70 yo M on VA ECMO; venous cannula advanced 6 cm under fluoroscopy, then a TandemHeart was placed. Percutaneous.", ["33958"]),
 ("Procedure: percutaneous repositioning of ECMO cannula.\nPatient: 14-year-old girl, VV ECMO for ARDS.\nUnder fluoroscopy the RIJ dual-lumen cannula was advanced 1 cm.", ["33958"]),
 # a second cannula inserted in the session does not hide the repositioning of the one in place
 ("PROCEDURE NOTE\nPatient: 27 yo F, VV ECMO day 3.\nProcedures:\n1. Percutaneous insertion of an additional 23 Fr drainage cannula, left femoral vein.\n"
  "2. Repositioning of the existing right femoral drainage cannula (withdrawal) under fluoroscopy.\n"
  "Details: the existing sutures were cut at the skin and the right femoral cannula was withdrawn 7 cm. No incision was made.", ["33958"]),
 # ...but the new cannula's own adjustment is part of its insertion
 ("PROCEDURE NOTE\nPatient: 45 y/o F on VV ECMO day 9.\nProcedure:\n1. Percutaneous insertion of a 17 Fr left femoral arterial ECMO cannula.\n"
  "Details: 17 Fr arterial cannula inserted to 20 cm; fluoroscopy showed the tip too deep and it was therefore withdrawn 2 cm.", []),
 # another person's cannula
 ("OBSTETRICS POSTPARTUM PROGRESS NOTE\nPatient: 29 y.o. G1P1, PPD 3.\nBaby on VA ECMO in the NICU; this morning pediatric surgery re-opened "
  "the baby's neck incision at the bedside and adjusted his venous cannula.", []),
 ("NICU PROGRESS NOTE\nPatient: TWIN A, DOL 9\nTwin B (co-twin, separate chart) is on VA ECMO and had a bedside neck re-exploration today "
  "with repositioning of his venous ECMO cannula.", []),
 # a dash ends a negation, not a hypothetical
 ("PICU PROCEDURE NOTE\n6 y/o girl on VA ECMO. Skin sutures cut. The neck incision was NOT reopened - cannula manipulated at the skin only; "
  "venous cannula withdrawn 1.5 cm under TTE.", ["33958"]),
 ("MICU TEACHING NOTE\n27-year-old man on VV ECMO. If recirculation were high, the drainage cannula would be withdrawn at the skin - "
  "sutures cut, cannula pulled back 2-3 cm. Neither cannula was touched.", []),
 # moved by itself; seen on a film; imaging reports
 ("ICU note. 27 year old on VV ECMO. This morning's x-ray suggests the cannula has backed out about 2 cm; we plan to reposition it tomorrow.", []),
 ("EXAM: XR CHEST 1 VIEW PORTABLE\nCLINICAL INDICATION: ECMO, 49-year-old male.\nFINDINGS: the right IJ dual-lumen ECMO cannula has been "
  "withdrawn since the prior study.\nIMPRESSION: Interval withdrawal of the ECMO cannula.", []),
 ("VV ECMO day 4, 40 yo M. The drainage cannula was inserted a further 2 cm at the bedside and re-sutured.", ["33958"]),
 # text pasted from an earlier note keeps that note's day
 ("CVICU Daily Progress Note 04/03/2026\n39 yo M on VA ECMO. Flows stable since yesterday.\n\n--- Copied from previous note for reference (04/02/2026) ---\n"
  "PROCEDURE NOTE: ECMO venous cannula repositioning\nThe securing sutures were cut and the cannula was advanced 4 cm under fluoroscopy.\n"
  "--- End copied text ---\nRN: groin sites dry.", []),
 # a documentation query asks; it records nothing
 ("CLINICAL DOCUMENTATION INTEGRITY (CDI) - PHYSICIAN QUERY\nPatient: 56 y/o M on VA ECMO.\nPlease clarify the procedure of 02/07:\n"
  "(X) Repositioning of the arterial cannula at the existing skin site (percutaneous).", []),
 # a chest cannula and a groin cannula, each moved its own way
 ("OPERATIVE NOTE\n57-year-old man on VA ECMO.\nSternotomy reopened. The aortic cannula was withdrawn 1 cm and re-angled.\n"
  "At the right groin the sutures of the femoral drainage cannula were cut and the cannula was advanced 6 cm through its existing skin site. No groin incision.", []),
 # the row of a dated table goes on below it
 ("TRANSFER SUMMARY\n43-year-old female on VV ECMO.\n| Date | Procedure |\n| 01/03/2026 | ECMO cannula repositioning (percutaneous) |\n"
  "|            | cannula advanced 2 cm and rotated |", []),
 # talked about; moved by itself; a neck that rotates
 ("MICU NOTE\n57 yo M on VV ECMO.\nWife updated by phone about the cannula adjustment and improvement in flows.", []),
 ("TEE REPORT\n60 yo F on VV ECMO. Compared with 04/18, the cannula has advanced and deviated into the hepatic vein. Recommend repositioning.", []),
 ("PT NOTE\n29 y/o M on VV ECMO. Precautions: ECMO cannula RIJ - neck ROM limited (no flexion > 20 deg, rotation to the left limited).", []),
 ("Recommendations:\n1. Reposition cannulae to increase tip separation: withdraw the drainage cannula under fluoroscopy.\n19-year-old male on VV ECMO.", []),
 ("EXAM: XR CHEST PORTABLE\n58 yo M on VV ECMO. During this study the drainage cannula was withdrawn 3 cm at the bedside under fluoroscopic guidance.", ["33958"]),
 # a bundle whose procedure note says nothing was moved while another author's part says it was
 ("PROCEDURE NOTE   01/30/25 1125\n==============\n49F on VV ECMO day 6.\nTEE at bedside: position confirmed; no manipulation of the cannula was required.\n\n"
  "ATTENDING ADDENDUM   01/30/25 1640\n==================\nThe cannula was pulled back about 2 cm at the bedside by the fellow.", []),
 # a date right before the act's word dates it
 ("ICU PROGRESS NOTE\nDate of service: 05/07/2025\n56 yo M on VV ECMO.\nCannula position unchanged from 5/6 adjustment.", []),
 # a wire swapped for a wire is no cannula exchange
 ("CATH REPORT\n16 yo F on VV ECMO. A glide wire was advanced into the end-hole of the cannula and exchanged for a stiff wire. "
  "Sutures cut at the skin; the cannula was advanced over the wire 4 cm under fluoroscopy.", ["33958"]),
 # a neck cannula moved through a thoracotomy (R12)
 ("OPERATIVE NOTE\n7-day-old on VV ECMO. Through the thoracotomy the venous cannula tip was freed from the azygos and the cannula "
  "was withdrawn 1 cm at the neck.", []),
 # moved by itself with a turn
 ("ICU NOTE\n44F on VV ECMO. Overnight the femoral drainage cannula backed out ~3 cm with a turn; left in place, sutures reinforced.", []),
]


@pytest.mark.parametrize("text,codes", MORE_NOTES, ids=[f"more-{i}" for i in range(len(MORE_NOTES))])
def test_more_phrasings(text, codes):
    result = extractor.suggest(text)
    assert result["codes"] == codes, result["reasons"]
    assert result["reasons"]


def test_an_admission_age_gives_way_to_the_date_of_birth():
    """'Admit age: 5 yr' was true at admission; the child turned 6 before the date of service."""
    result = extractor.suggest("PICU NOTE\nAdmit age: 5 yr\nOn VV ECMO. The drainage cannula was advanced 2 cm "
                               "percutaneously at the bedside today.", {"dob": "2019-06-09", "service_date": "2025-06-14"})
    assert result["codes"] == ["33958"] and result["age_years"] == 6, result["reasons"]


# Longer notes with decoys all through them: (text, codes, needs_review).
LONG_NOTES = [
("""OPERATIVE REPORT
DATE OF PROCEDURE: 08/14/2026
PREOPERATIVE DIAGNOSIS: Malpositioned femoral venous ECMO cannula with inadequate drainage.
POSTOPERATIVE DIAGNOSIS: Same.
PROCEDURE PERFORMED: Fluoroscopic repositioning of the right femoral venous drainage cannula (peripheral VA ECMO), percutaneous.
ANESTHESIA: Sedation by the ICU team.
INDICATIONS: The patient is a 48-year-old woman with peripartum cardiomyopathy who was placed on peripheral VA ECMO 2 days ago (R CFV 25 Fr / L CFA 17 Fr, 7 Fr DPC). Her mother, 71, is at the bedside. Flows have been limited to 2.9 L/min with chattering.
DESCRIPTION: Time-out. The right groin and the exposed cannula were prepped and draped. The securing sutures were cut. Under fluoroscopy the cannula tip was seen at L2; it was advanced 6 cm to the IVC-RA junction. The cannula was sutured back to the skin. Flow 4.2 L/min without chattering.
FLUOROSCOPY TIME: 1.1 minutes.
COMPLICATIONS: None.
PLAN: Daily CXR. Consider LV venting if pulsatility is lost.""", ["33958"], False),
("""PICU Progress Note
HD#21, ECMO day 15
3 yo M, 14 kg. VV ECMO via 16 Fr RIJ dual-lumen.
Events: cannula found 1 cm out at 0600; ECMO fellow re-advanced it at bedside under echo and re-secured (see procedure note).
Exam: sedated, RIJ site clean.
Plan: continue; possible trial off in 48 h; if recirculation recurs will consider fluoroscopic repositioning.""", [], False),
# (DOMAIN.md section 5: a progress note that points to the separate procedure note is not coded from.)
("""Procedure note
Date: 2026-09-02
Operators: [NAME]
VA ECMO (central, post-cardiotomy), 2-year-old, 11 kg.
The chest was opened at the bedside; the aortic cannula was found kinked and was withdrawn 3 mm and re-angled, then secured with the tourniquet. Chest left open with a silastic patch.
Fluoro: none.""", ["33963"], False),
("""ECMO TEAM NOTE
Patient: 58M with COVID ARDS on VV ECMO day 20 (Crescent 32 Fr).
Recirculation improved after yesterday's fluoroscopic repositioning (cannula advanced 2 cm). No manipulation today.
Plan: sweep wean.""", [], False),
("""PROCEDURE NOTE - CATH LAB
67 yo M on VA ECMO and Impella CP (ECPELLA). The Impella was advanced 1 cm under fluoroscopy. The venous ECMO cannula was also withdrawn 2 cm to the IVC-RA junction, percutaneously.""", ["33958"], False),
("""PROCEDURE: ECMO cannula repositioning, bedside
DOB: 05/02/2020   DOS: 05/01/2026
VV ECMO via RIJ 19 Fr bicaval cannula. Cannula rotated 45 degrees and withdrawn 5 mm under echo guidance after cutting the sutures; re-secured. No fluoroscopy.""", ["33957"], False),
("""VV ECMO; 44 yo F. The drainage cannula was withdrawn 3 cm. Fluoroscopy used.""", [], True),
# A bundle part's own title claims; its narrative says the cannula was not moved ("no advancement, withdrawal or rotation").
("""CHART DOCUMENTS 02/10/2026
==============================================
Document Type: Procedure Note: ECMO CANNULA REPOSITIONING
Service Date: 02/10/2026   Time: 10:15
CPT: 33958
Patient: 49-year-old woman on VV ECMO day 5.
Under TEE the tip was found in good position; the cannula was NOT repositioned - no advancement, withdrawal or rotation.
==============================================
Document Type: MICU Progress Note
Service Date: 02/10/2026   Time: 16:00
49F on VV ECMO, position check today, no change.""", [], False),
# A bundle for 09/09 holding a procedure note dated on its own header 09/08: that day's act.
("""ENCOUNTER DATE 09/09/2026
Patient: [NAME]   Age/Sex: 68/F
==============================================
Document Type: Procedure Note
Service Date: 09/08/2026   Time: 21:40
Procedure: Percutaneous repositioning of the left femoral drainage cannula, advanced 4 cm under fluoroscopy.
==============================================
Document Type: MICU Progress Note
Service Date: 09/09/2026   Time: 08:30
68F on VA ECMO day 4. Drainage cannula advanced last evening; flows stable, nothing done today.""", [], False),
# "Sections marked (cf) were carried forward": only those sections are another day's.
("""CICU PROGRESS NOTE 03/22/2026
*** Sections below marked (cf) were carried forward from the note of 03/21 and reviewed ***
PROCEDURES THIS ADMISSION (cf)
- 03/16 Bedside repositioning of the R CFV drainage cannula, advanced 5 cm under fluoroscopy
EVENT NOTE - 03/22/2026 11:40 (written by me)
Under TTE guidance I advanced the 25 Fr drainage cannula 4 cm at the skin; re-secured. 61M on VA ECMO.""", ["33958"], False),
# A bundle: the procedure note dates the act just after midnight, another author the evening before.
("""Document Type: Procedure Note
Service Date/Time: 11/03/2025 02:10
Procedure: bedside adjustment of VA ECMO return cannula (left femoral artery, 17 Fr)
Date of procedure: 11/03/2025   Time: 01:40
Age 58. Sutures cut; the return cannula was pulled back 2 cm percutaneously under ultrasound and re-sutured.

==========================================================
Document Type: ECMO Specialist Note
Service Date/Time: 11/03/2025 07:00
Overnight: 11/02 2330 return cannula pulled back 2 cm at bedside by the fellow for limb ischemia concerns. Flows stable.""", [], True),
# The same bundle with the procedure in daylight, and yesterday's separate adjustment: coded.
("""Document Type: Procedure Note
Service Date/Time: 11/03/2025 15:10
Procedure: bedside adjustment of VA ECMO return cannula (left femoral artery, 17 Fr)
Date of procedure: 11/03/2025   Time: 14:40
Age 58. Sutures cut; the return cannula was pulled back 2 cm percutaneously under ultrasound and re-sutured.

==========================================================
Document Type: ECMO Specialist Note
Service Date/Time: 11/03/2025 07:00
Overnight: 11/02 2330 return cannula pulled back 1 cm at bedside by the fellow. Flows stable.""", ["33958"], False),
# A ProtekDuo said to run without an oxygenator, then recorded with one in line: ECMO or RVAD?
("""CVICU NOTE 04/09/26: 61 yo F on ProtekDuo (RIJ 31 Fr). Oxygenator spliced out 4/7; RVAD only since.
CATH LAB REPORT 04/09/26: Circuit with oxygenator in line, sweep 1.5 L/min. Under fluoroscopy the cannula was withdrawn 1.5 cm percutaneously so the outflow sits in the main PA.""", [], True),
# Spliced in, later taken out: a history, and the ProtekDuo that moved is an RVAD.
("""CVICU NOTE 04/09/26: 61 yo F on ProtekDuo (RIJ 31 Fr), placed 4/1 with an oxygenator spliced in; oxygenator removed 4/7, RVAD only since.
Today under fluoroscopy the ProtekDuo was withdrawn 1.5 cm percutaneously so the outflow sits in the main PA.""", [], False),
]


@pytest.mark.parametrize("text,codes,review", LONG_NOTES, ids=[f"long-{i}" for i in range(len(LONG_NOTES))])
def test_long_notes(text, codes, review):
    result = extractor.suggest(text)
    assert result["codes"] == codes and result["needs_review"] is review, result["reasons"]


@pytest.mark.parametrize("case_id,text,meta,codes,review,reason", CASES, ids=[c[0] for c in CASES])
def test_hard_case(case_id, text, meta, codes, review, reason):
    result = extractor.suggest(text, meta)
    assert result["codes"] == codes, result["reasons"]
    assert result["needs_review"] is review, result["reasons"]
    if reason is not None:
        assert any(reason.lower() in r.lower() for r in result["reasons"]), result["reasons"]
    if codes:
        labels = {e["label"] for e in result["evidence"]}
        assert {"reposition", "device", "approach"} <= labels
        for item in result["evidence"]:
            assert text[item["start"]:item["end"]] == item["text"]


def test_fluoroscopy_is_recorded_but_never_a_separate_code():
    result = extractor.suggest("58 yo on VV ECMO. Under fluoroscopy the drainage cannula was advanced 2 cm percutaneously.")
    assert result["fluoroscopy"] is True and result["codes"] == ["33958"]
    assert not any(code in {"76000", "77001"} for code in result["codes"])
    assert any("not billed separately" in r for r in result["reasons"])


def test_unchecked_fluoroscopy_box_is_not_fluoroscopy():
    text = next(case[1] for case in CASES if case[0] == "checkbox-upper-x")
    assert "[ ] Fluoroscopy" in text
    result = extractor.suggest(text)
    assert result["fluoroscopy"] is False
