"""Accuracy floors on every labelled corpus, through the CLI, and the evidence invariant.

- `dev.jsonl` and `styles.jsonl`: the shared corpora (`../shared/corpus/`).
- `tune_*.jsonl`: notes by independent writers who never saw the rules; the rules were
  developed against them, so they are regression tests, not measurements.
- `holdout*.jsonl`: notes by other independent writers, labelled twice blind and adjudicated
  against DOMAIN.md. Nobody tunes against them (their failures are not read); the floors
  only stop a change from making them worse. See README, "Accuracy".
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.evaluate import evaluate

DATA = Path(__file__).parent / "data"
TUNE = sorted(p.stem for p in DATA.glob("tune_*.jsonl"))
HOLDOUT = sorted(p.stem for p in DATA.glob("holdout*.jsonl"))  # holdout2_* ... holdout12_* (the first, tune_h1_*, retired)
# corpus -> (code-set exact match, precision of suggested codes, age on the repositioning notes)
FLOORS = {
    "dev": (0.99, 0.99, 0.99),
    "styles": (0.98, 0.99, 0.98),
    **{name: (0.95, 0.97, 0.95) for name in TUNE},
    # the newest sets held at the exact match they reached (their misses are reviews and
    # no-codes where a code was due: recall; precision is held at the common floor)
    "tune_ad": (0.94, 0.97, 0.95), "tune_ae": (0.92, 0.97, 0.95), "tune_ah": (0.94, 0.97, 0.95),
    "tune_ai": (0.94, 0.97, 0.95), "tune_ar": (0.92, 0.97, 0.95),
    # long op reports of larger operations: reviews or no-codes where a code was due
    "tune_bp": (0.95, 0.97, 0.95),
    # long ICU documents (first score .925, precision 1.000): the misses are reviews and no-codes
    # where a code was due
    "tune_br": (0.92, 0.97, 0.95),
    # multi-patient lists, sign-outs and handoffs with no patient of record (first score .833 /
    # .900, now .833 / 1.000): the act's own entry holds its patient's age, the note holds several;
    # reviews where a code was due
    "tune_rk": (0.83, 0.97, 0.77),
    # several patients in one document: one age is retracted by a wrong-patient correction (PM016, a review)
    "tune_pm": (0.95, 0.97, 0.94),
    # family meetings and handoffs (first .933 / 1.000): 'ETT ... (advanced' beside a central cannula's
    # move, a neck cannula not manipulated beside the moved one; reviews where a code was due
    "tune_rn": (0.93, 0.97, 0.88),
    # ED/ECPR and e-consult notes (first .867 / 1.000): a repositioning hours after an ED cannulation in
    # an addendum (read as its insertion session), a referring hospital named in the act's note
    "tune_sj": (0.90, 0.97, 0.95),
    # operative notes of other services, concatenated bundles, coding-queue documents (first .933 /
    # .933 / .900): reviews and no-codes where a code was due (a central cannula adjusted at another
    # operation read as its insertion session, a bundle's act under a plan line, a coder query's answer)
    "tune_sk": (0.93, 0.97, 0.94), "tune_sl": (0.93, 0.97, 0.95), "tune_sm": (0.93, 0.97, 0.95),
    # notes about several people or runs, approach hinted or missing (first .833 / .793 and .833 /
    # .900; their four wrong codes and four of their misses fixed in the twenty-second session): the
    # misses left are an accidental backing-out then re-advanced (a review), 'copied forward' text
    # beside the act, a central cannula's approach
    "tune_so": (0.95, 0.97, 0.94), "tune_sx": (0.95, 0.97, 0.95),
    # terse sign-outs, pager logs and handoff lists of several beds (first .867 / 1.000): a log row
    # naming the act in one bed's entry among several ECMO beds' entries (QZ005, a review)
    "tune_qz": (0.95, 0.97, 0.94),
    # paediatric cardiac ICU and coding-quality documents (first .900 / .923 and .833 / .846; their
    # three wrong codes fixed): reviews and no-codes where a code was due - a toddler's ages written
    # three ways, an LA vent beside a central cannula, a note 'entered in error' then re-entered, a
    # migrated cannula re-advanced read as moved by accident
    "tune_vo": (0.93, 0.97, 0.88), "tune_vx": (0.90, 0.97, 0.95),
    # transfer/retrieval documents and multi-problem daily notes (first .900 / 1.000 and .900 /
    # 1.000): reviews and no-codes where a code was due - a 'Cath lab (Dr. X, cardiology; fellow):'
    # label not read as a header (its act left under 'Subjective/overnight'), a device line's
    # insertion date '(5/14)' read as the act's, an Impella and an ECMO cannula moved in one list,
    # a referring hospital's own same-day note
    "tune_wn": (0.95, 0.97, 0.94), "tune_wo": (0.90, 0.97, 0.95),
    # pediatric/neonatal and central (first score .967, precision .929): a neonate's neck cannula
    # 'pulled back about 1 cm and re-secured' (UY016) is coded percutaneous from the re-securing
    # (R10); the writer assumed a cutdown insertion the note never states and wanted a review
    "tune_uy": (0.96, 0.92, 0.95),
    # non-physician and other departments' notes (first score .933, precision .923, the wrong code
    # fixed): a perfusionist's note whose date of birth is corrected lower down ('DOB above mistyped
    # from another pt's sheet') gives two dates of birth - a review (UX012)
    "tune_ux": (0.96, 0.97, 0.94),
    # transfer and retrieval-team notes (twenty-fourth session; first score .933 exact, precision .929):
    # a neonate's neck venous cannula 'repositioned at bedside' (VY023) is coded percutaneous from the
    # bedside; the writer wanted a review (open or at the skin not said); other writers code such notes
    "tune_vy": (0.96, 0.93, 0.95),
    # adversarial long documents (twenty-fourth session; first score .933 exact, precision .800; the
    # resident's 'cannula left in its current position' against the attestation's 'rotated 15
    # degrees', XO027, now a query): a post-cardiotomy note giving the return cannula as an axillary
    # graft cannula and as a central aortic one (XO023) is coded percutaneous; the writer wanted a query
    "tune_xo": (0.93, 0.88, 0.95),
    # documents that sit next to billing (twenty-fifth session, first score .900 / .923): a CDI query
    # and a denial-appeal letter that the writer codes from the physician's words quoted in them
    # (YM014, YM021); the rules code a procedure from its own note, and writers disagree
    "tune_ym": (0.93, 0.97, 0.95),
    # resident notes with copy-paste and corrections (first score .833 / .714 / age .875): the age
    # of a pasted fragment of another patient's note is taken (ZK021, the code is the same)
    "tune_zk": (0.95, 0.97, 0.93),
    # adversarial long ICU progress notes (first score .800 / .600, now .833 / .667): a pasted
    # consult's 'will need to be advanced ~2 cm (or withdrawn ...) and rotated' (ZN005; a rule for the
    # joined participle cost a holdout code and was dropped); ZN030 and ZN007 fixed in the
    # twenty-sixth session
    "tune_zn": (0.90, 0.85, 0.95),
    # adversarial paediatric neck-cannula notes (first score 1.000 / 1.000, age .938)
    "tune_zt": (0.95, 0.97, 0.93),
    # adversarial terse notes and exported chat threads (first score .900 / .778)
    "tune_zo": (0.95, 0.97, 0.95),
    # twenty-sixth session, ten adversarial sets by writers who never saw the rules (first scores
    # exact / precision: YQ .867 / .800, YR 1.000 / 1.000, YS .933 / .875, YU .933 / .800, YW .900 /
    # .778, ZY .933 / .800, ZZ .967 / .889, YV .967 / 1.000, YT .900 / .778, YO .900 / .727; 14 wrong
    # codes, 13 fixed). Patient-identity lists: a sign-out whose similar-names alert gives another
    # patient's age in parentheses (YQ025, a query where a code was due)
    "tune_yq": (0.93, 0.97, 0.93),
    # operating-room records: a RIJ cannula redirected by hand through the open clamshell chest is
    # coded open; the writer wants R12 (a 'clamshell' central cue broke three transplant notes)
    "tune_yo": (0.95, 0.88, 0.95),
    # age traps: a date of birth with a two-digit year is not read, and a labelled age whose aside
    # names the admission ('Age (nursing admission header): 6 yrs') is not taken, so a referral
    # letter's '5-year-old' codes 33957 (YT004; reading the aside's age took mothers' ages too)
    "tune_yt": (0.93, 0.87, 0.87),
    # date-and-time traps: 'turned 6' against a date of birth that gives 5 on the day (YV002, a query)
    "tune_yv": (0.95, 0.97, 0.93),
    # five specialties' progress notes: an events line 'cannula withdrawn ~2 cm, see procedure below'
    # over a procedure paragraph that aborts and re-sutures at the original mark (RZ026; reading the
    # undoing across paragraphs also undid other cannulae's moves)
    "tune_rz": (0.95, 0.88, 0.95),
    # six sets written to the holdout brief (any style of one kind of hospital, 14 positives each;
    # BI/BJ/BK 1.000, BL/BM .967, BN .933, precision 1.000 on all six at first sight): an ECPR
    # cannula moved the day after its insertion is read as its own insertion session because the
    # procedure note compares a lactate 'down from 12 at ECPR' (BN009), and an open repositioning
    # whose cannula's earlier migration is told in the same sentence (BN012): recall
    "tune_bn26": (0.93, 0.97, 0.95),
    # twenty-seventh session, adversarial sets by writers who never saw the rules (first scores exact /
    # precision: DA 1.000 / 1.000, DB .967 / .889, DC .867 / .700, DD .967 / .889, DE .900 / .727, DF
    # .833 / .667, DI .967 / .889, DJ .900 / .778, DK 1.000 / 1.000, DL .867 / .700, DM 1.000 / 1.000, DN
    # .900 / .778, DO .933 / .800, DP .933 / .800, DQ .933 / .800, DR .933 / .800, DS 1.000 / 1.000, DT
    # 1.000 / 1.000). Left: a date of birth flagged as transcribed from
    # day-first documents ('please verify') read one way (DC003, a query wanted)
    "tune_dc27": (0.93, 0.87, 0.93),
    # a neonate's re-opened neck incision in a packet with an earlier dated day reads as another day
    # (DF009, recall); a procedure note whose
    # template pre-filled the distance 'by default' against an unchanged skin mark (DF029: reading
    # 'pre-filled/auto-populated' as doubt lost three holdout codes)
    "tune_df27": (0.90, 0.77, 0.93),
    # a brief operative note of a neonate's neck cannula withdrawn and re-secured at the bedside is
    # coded percutaneous; the writer wants the approach queried (DI022)
    "tune_di27": (0.95, 0.88, 0.95),
    # a percutaneous exchange over a wire in an event note ('21Fr drain withdrawn over wire, new 25Fr
    # drain advanced') on a run under way is not read as the exchange (DJ018; counting exchanges
    # outside procedure sections broke an older note)
    "tune_dj27": (0.93, 0.87, 0.95),
    # a '6 yo' in the text against a date of birth that gives 5 reads 5 (DO007, a query wanted)
    "tune_do27": (0.95, 0.97, 0.93),
    # twenty-eighth session, adversarial sets by writers who never saw the rules (first scores exact /
    # precision: DU .967 / .889, DV .933 / 1.000, DW .967 / .889, DX .833 / .667, DY .967 / .889, DZ
    # 1.000 / 1.000, EA .967 / .889, EB .867 / .750; 9 wrong codes, 6 fixed). Left: a femoral cannula
    # advanced after its 'previous cannulation wound explored', with the approach fields blank (DU007,
    # coded open; the writer wants the approach queried)
    "tune_du28": (0.95, 0.88, 0.95),
    # a hospital-course narrative whose incident report re-advances the cannula on the date of service
    # without a date beside it (DV025) and a procedure told under its indication (DV029): recall
    "tune_dv28": (0.92, 0.97, 0.95),
    # 'eleven month old' in a dictated note read against a 5 years 11 months DOB age (DW009, age only)
    "tune_dw28": (0.95, 0.97, 0.93),
    # machine exports: a FHIR bundle whose Procedure is "not-done" and whose note describes the option's
    # steps in parentheses (DX010, coded: a FHIR-status rule and a longer 'option' reach were dropped
    # after review); a word split across a printed page break ('was with / ... / drawn 6 cm')
    "tune_dx28": (0.90, 0.85, 0.93),
    # a move reversed to its original mark with 'net cannula position unchanged' (EA019: a rule for a move
    # given up and brought back cost a holdout code and was dropped)
    "tune_ea28": (0.95, 0.88, 0.95),
    # a charge review where the only age is '6M' and the reviewer's own words say '6-year-old male'
    # (EB015, a query wanted); CDI queries about the service date's procedure (EB007, EB028, recall)
    "tune_eb28": (0.88, 0.85, 0.93),
    # the session's second round (first scores exact / precision: EC .900 / .727, ED .933 / .800, EE .967
    # / .889, EF .867 / .700, EG .933 / .875, EH .933 / .875, EI .933 / .875, EJ .933 / .875; 13 wrong
    # codes, 5 fixed). Left: shift narratives where the RN or perfusion entry says 'no manipulation' or
    # 'depth unchanged' beside the physician's move (EC025, ED023: a rule for another entry's unchanged
    # depth cost 34 tune and 6 holdout codes and was dropped); a ProtekDuo whose oxygenator is in doubt
    # (EC017, EG030)
    "tune_ec28": (0.90, 0.78, 0.95),
    "tune_ed28": (0.90, 0.78, 0.95),
    # a '24h events' move against 'PROCEDURES TODAY: None. ECMO cannulae not manipulated' (EF030);
    # a bundle whose repositioning is dated two days after the service date (EF026)
    "tune_ef28": (0.88, 0.75, 0.95),
    "tune_eg28": (0.90, 0.85, 0.95),
    # a '6 yo' read where the writer wants the age queried (EH015)
    "tune_eh28": (0.90, 0.85, 0.85),
    # a consultant's move whose approach the writer wants queried (EI003)
    "tune_ei28": (0.90, 0.85, 0.95),
    "tune_ej28": (0.95, 0.97, 0.95),
    # the session's third round (first scores exact / precision: FK .967 / .889, FL .967 / .889, FM .933 /
    # .875, FN .900 / .857, FO .933 / .875, FP 1.000 / 1.000; 5 wrong codes, 1 fixed). Left: a note
    # that pastes the cannulation note of days before under '>>> ECMO CANNULATION NOTE <date> <<<',
    # whose 'cannula advanced over the wire' is coded (FK001)
    "tune_fk28": (0.95, 0.88, 0.95),
    # an infant's neck cannula 'not manipulated' by one author and adjusted by another (FM023)
    "tune_fm28": (0.90, 0.85, 0.93),
    # a fellow's 2 cm withdrawal against a skin mark of 42 cm before and after (FN015, a query wanted)
    "tune_fn28": (0.88, 0.83, 0.95),
    # 'the R femoral cannula' withdrawn in a session that also placed a new femoral arterial cannula:
    # which one is not said (FO007, a query wanted)
    "tune_fo28": (0.90, 0.85, 0.95),
    # session 29's adversarial sets (first scores exact / precision: FQ .867 / .750, FR .867 / .750, FS .933 /
    # .800, FT .967 / .889, FW .933 / .875, FX .867 / .700; 9 wrong codes, 5 fixed). Census and huddle
    # notes: a venous cannula advanced at the skin and an arterial one re-seated through a re-opened
    # cutdown in one session (FQ003, R14 wanted; a rule for two acts each told its own way misread a
    # procedures list item and was dropped); '5 yo' carried forward on the 6th birthday (FQ017)
    "tune_fq29": (0.88, 0.83, 0.72),
    "tune_fr29": (0.90, 0.95, 0.90),
    # 'cannula repositioned' whose details are a hub re-angled and the tubing re-routed at an unchanged
    # mark (FS017, a query wanted)
    "tune_fs29": (0.93, 0.85, 0.95),
    # a radiology report of a 'manipulated' cannula whose change may be projectional (FT015)
    "tune_ft29": (0.93, 0.85, 0.95),
    "tune_fw29": (0.93, 0.95, 0.95),
    # circuit records (GK .900 / .727 at first sight): a cutdown-placed arterial cannula re-set to its depth
    # with only 'at skin' in a findings line about the migration (GK010, approach query wanted); a ProtekDuo
    # whose oxygenator may have been removed (GK011)
    "tune_gk29": (0.90, 0.75, 0.95),
    # approach traps (FU .967 / .889 at first sight): a cannula withdrawn 2 cm and put back to its mark
    # (FU030, a query wanted; the rule for a move undone was dropped in session 28)
    "tune_fu29": (0.93, 0.85, 0.95),
    # an advance over a rail against an implant log of a new cannula (FX007); a ProtekDuo under an
    # 'ECMO/ECLS' title with no oxygenator named (FX015)
    "tune_fx29": (0.88, 0.75, 0.95),
    # a carried-forward '5-year-old' against a metadata date of birth that makes the date of service the
    # 6th birthday: coded 33958 (R9); the writer wants a query (TBY021)
    "tune_by": (0.95, 0.93, 0.95),
    # the session's last round (first scores exact / precision: RV .933 / .800, RW .933 / .875, RX 1.000
    # / 1.000, RY .933 / .800, RZ .933 / .800, UZ .933 / .875; 8 wrong codes, 6 fixed). Cath-lab logs:
    # a timed entry pulls the ECMO drainage cannula back 1.5 cm while the impression says the
    # Impella was withdrawn 1.5 cm and the ECMO cannulae not manipulated (RV016; a rule for an
    # impression that denies the log cost a holdout code and was dropped)
    "tune_rv": (0.95, 0.88, 0.95),
    # exports with markup: an outside hospital's procedure note of two days before, pasted under an
    # HTML heading 'Outside records (scanned excerpt, OCR)' below its own dated title, is coded (RW016;
    # 'outside records' as an outside-hospital header broke two packets whose records are the coded
    # encounter)
    "tune_rw": (0.93, 0.87, 0.93),
    # the first holdout, retired into tuning after five sessions blind (its last blind score .922
    # exact / .951 precision): one wrong code left, a child's cannula moved "at its skin exit"
    # after a post-cardiotomy cannulation whose configuration the note does not give
    "tune_h1_longdocs": (0.97, 0.95, 0.95),
    # ages written to stress the reader: the two misses are reviews whose text contradicts the
    # date of birth, where the gold keeps the computed age and the extractor gives none
    "tune_cb": (0.95, 0.97, 0.93),
    # ICU multi-cannula notes: two same-day repositionings the rules do not yet tie to the day
    # (TCF024 under a "copied forward" banner whose event note is today's, TCF025 in a progress
    # note's migration story); one review whose age the gold keeps
    "tune_cf": (0.93, 0.97, 0.93),
    # nursing/perfusion records (first score .925, precision 1.000): three reviews or no-codes
    # where a code was due: a cutdown-placed cannula moved at the skin sent to review (TCH013,
    # R11), an age the rules do not read (TCH014), a team note's act not tied to the day (TCH018)
    "tune_ch": (0.92, 0.97, 0.95),
    # precision stress set (first score .833, precision .700; its 3 wrong codes fixed): two
    # misses left, a central conversion read as the insertion session (TCS010) and a progress
    # note's own act timed by an earlier date (TCS017), and one review for a ProtekDuo (TCS024)
    "tune_cs": (0.93, 0.97, 0.95),
    # regional health-system pull: one review whose text age ('2-month-old') contradicts the
    # metadata age, where the gold keeps 4 (TCV003)
    "tune_cv": (0.95, 0.97, 0.94),
    # structured exports (tenth session; first score .933, precision 1.000): a progress note
    # whose 'Indication:' field runs on over the event note's act (NF008)
    "tune_nf": (0.95, 0.97, 0.95),
    # post-acute letters and readmission H&Ps (tenth session; first score .867, precision .909, its
    # wrong code fixed): three acts of the service date the rules do not tie to it (QF017 an age
    # conflict with an earlier DOL, QF019 history beside today's act, QF024 an axillary
    # re-advance read as the insertion session)
    "tune_qf": (0.90, 0.97, 0.94),
    # case-report and teaching-file write-ups filed as notes (first score .700, precision 1.000):
    # the gold codes the author's act of the service date in M&M, teaching, weekly and rounds
    # documents, which the rules hold to need a tie to the date (nine reviews or no-codes)
    "tune_qg": (0.70, 0.97, 0.58),
    # the last round of the tenth session (first scores .833-1.000, five wrong codes, all fixed:
    # three then, two in the eleventh session, RB001, a central decannulation whose 'Procedure:'
    # line the hard-wrap join ran into the next line's 's/p', and RF021, a fax bundle whose outside
    # procedure note's title was stripped with its page marker, so its 'Date: 02/26' started no part)
    "tune_rb": (0.90, 0.97, 0.94), "tune_re": (0.93, 0.97, 0.95), "tune_rf": (0.86, 0.97, 0.95),
    # eleventh session, coding and revenue-cycle material (first score .867, precision 1.000): an
    # appeal that quotes the payer's wrong age (UF003) and a denial's 'age 6' (UF007) are age
    # conflicts, a reconciler's generic 'skin-level adjustments stay percutaneous' a second
    # approach (UF004)
    "tune_uf": (0.90, 0.97, 0.82),
    # ECMO transport (first score .933, precision .923, its wrong code fixed): the transport
    # physician's own act at the referring hospital on the day of transfer is read as another
    # hospital's (UG001)
    "tune_ug": (0.96, 0.97, 0.95),
    # discharge, transfer and death summaries (first score .867, precision .909, its wrong code
    # fixed): a same-day event note's open re-advance read with a second approach (VB004), an
    # open-chest move in a transfer summary not tied to the day (VB014), '14-month-old' against
    # 'infant' (VB022)
    "tune_vb": (0.90, 0.97, 0.94),
    # document-management bundles (first score .833, precision .909, fixed): two reviews for an
    # age the text contradicts ('5 y.o.' on the 6th birthday, VG004; 'DOL 11' of another
    # patient, VG010) and two same-day acts not tied to the day (VG007, VG013)
    "tune_vg": (0.86, 0.97, 0.88),
    # date-boundary stress (first score .867, precision .833, both wrong codes fixed): 'turns 6
    # today' written after midnight against a date of birth that gives 5 (WF002) and an OR case
    # that ends after midnight read with a second approach (WF004)
    "tune_wf": (0.93, 0.97, 0.94),
    # problem-oriented ICU notes (first score .833, precision .900, fixed): a neonatal neck
    # re-exploration told in a progress note's problem list (XB003) and an act under a history
    # header on the 6th birthday (XB005) are not tied to the day
    "tune_xb": (0.93, 0.97, 0.95),
    # nurse-reviewer chronologies (first score .600, precision 1.000): the writer codes the
    # procedure note a chronology quotes for the date of service; the rules code the note the act
    # was done in, not a review of it (twelve no-codes where the gold has a code: a labelling
    # question for the planner, like tune_qg's case reports)
    "tune_xd": (0.60, 0.97, 0.95),
    # cardiac-surgery ICU (first score .900, precision 1.000): a terse bedside note whose 'pulled
    # back 3 cm' names no cannula in its sentence (XH024)
    "tune_xh": (0.96, 0.97, 0.95),
    # very long H&Ps and consults (first score .800, precision .818, one wrong code fixed): one
    # wrong code left, named: YH026, a palliative note that says the ECMO attending was 'at the
    # bedside of the patient in 4E-08 performing a cannula repositioning' (another patient, named
    # only by a bed code while the note's own bed is not given); four misses are age conflicts
    # and acts the rules do not tie to the day
    "tune_yh": (0.83, 0.90, 0.82),
    # the seventeenth session (tune_xp/xs/xt/xu/xv/xw, then tune_yp/yj; first scores .933/1.000/
    # .733/.900/.900/.900, .933/.867; three wrong codes of about 70 in round one, all fixed, none in
    # round two): misses left, named: a structured export whose only date of service is a report
    # filter (XT007, a review), 'Backed out 1 cm' with no cannula word (XT011), an IR session whose
    # catheter and cannula acts mix (XV007), a central cannula moved through an open sternotomy read
    # at the skin (XV011), an act told under the assessment (XV013), a charge ticket's "Repo'd at
    # bedside" with no cannula word (YJ012), a query answer quoting the act (YJ005), 'backed out'
    # read as a migration (YJ010), 'five and eleven-twelfths' (YP002)
    "tune_xt": (0.96, 0.97, 0.94), "tune_xv": (0.90, 0.97, 0.95),
    "tune_yj": (0.96, 0.97, 0.95), "tune_yp": (0.96, 0.97, 0.94),
    # the eighteenth session (tune_kk/kl/km/kn other cardiothoracic operations, messages and
    # amendments, neonatal ECMO, smart-phrase residue; tune_ky/kz/lg/lh mobile ECMO, perfusion logs,
    # transfer packets, voice-to-text and nursing narratives; first scores .867/.933/.933/.900 and
    # .933/.933/.867/.900, ten wrong codes of 240, nine fixed): tune_lh keeps LH026, 'Cannula
    # repositioned approx 2 cm proximally and re-secured', coded percutaneous by DOMAIN R10's cue
    # list ('sutures cut/re-secured') where its writer asks for review: a labelling question
    "tune_lh": (0.96, 0.92, 0.95),
    # the session's last round (tune_lk/ll/lm/ln: prone-position ARDS, paediatric cardiac ICU,
    # discharge/death/transfer summaries, structured exports; first scores .933/.967/.900/.733, five
    # wrong codes of 120, all fixed): left, named: a summary's act of its own date told in the
    # course (LM001, LM004, LM005, LM018), a death summary's 'removed' read as a decannulation
    # (LM014), an export whose act sits in XML elements the rules read as one line (LN030, LN015)
    "tune_lm": (0.90, 0.97, 0.95), "tune_ln": (0.90, 0.97, 0.90),
    # look-alike devices (nineteenth session): NM018, a ProtekDuo with an oxygenator moved at the
    # skin, labelled review by its writer; 15 of 18 such notes in the corpora are labelled with the
    # code (DOMAIN.md: an ECMO cannula when an oxygenator is in the circuit), which the rules follow
    "tune_nm": (0.95, 0.92, 0.95),
    # the twentieth session (first sight on f0bf728..c8b55bf; 11 wrong codes of 360 notes, all fixed):
    # misses left, named: a death summary's act under '01/07 (POD5 / ECMO d6) - DATE OF DEATH' behind a
    # '~1300' line (OG008); an ECMO specialist's shift note crossing midnight whose act the attending
    # attests ('I performed the bedside repositioning ... at 0340', OM012) and other beds' lists (OM022,
    # OM025); a new cannula of the session beside the moved one (ON018, ON028); '6M' and kindergarten
    # ages (OM001, OM027); flowsheet acts the rules leave to review or miss (PI003, PI010, PI011);
    # other services' operative notes (OZ019, PD003, PD013)
    "tune_og": (0.96, 0.97, 0.94), "tune_om": (0.90, 0.97, 0.88), "tune_on": (0.90, 0.97, 0.95),
    "tune_oz": (0.93, 0.97, 0.95), "tune_pd": (0.93, 0.97, 0.95), "tune_pi": (0.90, 0.97, 0.94),
    # the last round of the eleventh session (first scores .867-.967, two wrong codes, both fixed):
    # recall misses, named: a neck cannula moved at the skin told without a date tie (GC004), a
    # rotation under TEE read after 'Post rotation' (GC008), a neck re-opening read with a chest
    # word (GC011), a bundle's act dated by an earlier part (GD005), an act beside 'dictated
    # separately' (GD011), an act beside an Impella repositioning read as after it (GG012), an
    # author's 0215 act in a note with a relative's age (GG029)
    "tune_gc": (0.90, 0.97, 0.95), "tune_gd": (0.93, 0.97, 0.95), "tune_gg": (0.93, 0.97, 0.94),
    # the twelfth session's round (first scores .733-.967, one wrong code, fixed: BB026, a
    # newborn's cannula told under 'Baby (NICU, son, 3.5 kg, DOL 9):' in the mother's note):
    # multi-patient census pages (tune_bd2) are reviews for the other beds' ages; M&M write-ups
    # (tune_bh2) miss acts told as the day under review; a 6-year-old's note that names her
    # newborn brother 'the infant' is a review (BB009)
    "tune_bb2": (0.96, 0.97, 0.94), "tune_bd2": (0.73, 0.97, 0.52), "tune_bh2": (0.93, 0.97, 0.94),
    # the session's second round (first scores .567-.967, one wrong code, fixed: JC019, a new LA
    # cannula placed through a dilated tract in a cath report's description): perfusion flowsheets
    # (tune_jd) and risk-management memos quoting the chart (tune_jh) miss acts the rules do not
    # tie to the day; tune_jg was written mostly in Portuguese and Spanish, which the rules do not
    # read (no code suggested: recall 0, precision held)
    "tune_jd": (0.90, 0.97, 0.95), "tune_jh": (0.73, 0.97, 0.95), "tune_jg": (0.56, 0.97, 0.76),
    # the session's precision-stress round (six sets, 16-17 hard negatives each; first scores
    # .933-1.000 exact, one wrong code, fixed: OE016, 'cannula partially pulled out ~1 cm' left in
    # place): a bundle's act dated only by a problem list (OC009) and a site named by a wire (OC011)
    "tune_oc": (0.93, 0.97, 0.95),
    # the thirteenth session's first round (first scores .900-1.000, three wrong codes, all fixed:
    # FB010, an act timed by 'the OSH cutdown' it was done through; FF025 and FG026, teaching text
    # under 'Teaching points:'): the misses are reviews where a code was due (an approach the rules
    # do not read, FB002; an act beside 'not manipulated' of the other cannula, FB008 and FF003)
    # and an infant's re-sternotomy told under an indication header (FF006)
    "tune_fb": (0.93, 0.97, 0.95), "tune_ff": (0.93, 0.97, 0.92),
    # the session's second round (first scores .933-1.000, one wrong code, fixed: SE022, a neck
    # cannula pulled 1 cm 'during placement of the CXR plate' and re-sutured where it lay)
    "tune_se": (0.95, 0.97, 0.92), "tune_sh": (0.95, 0.97, 0.92),
    # the session's third round, multi-entry documents (logs, printouts, addenda, course summaries;
    # first scores .867-.967, five wrong codes of 42, all fixed: a referring team's act 'per transfer
    # paperwork' (IA025), a cath-lab cannulation judged by the next day's 'ECMO day 2' (IB017), an
    # 'ECMO DAY 1' cannulation read as a run under way (ID016), a re-siting told after its removal
    # and new cannula (ID018), an 'offered' re-exploration (ID026)): the misses are acts of the day
    # in printouts the rules do not tie to it (IB004, IC007) and ages of an earlier part (IB003)
    "tune_ib": (0.90, 0.97, 0.92), "tune_ic": (0.95, 0.97, 0.92), "tune_id": (0.95, 0.97, 0.84),
    # the round's sequel, running logs and multi-entry documents (first scores .733-.800, precision
    # .667-1.000, five wrong codes of 24, all fixed: an order and its auto-charge (IE030), teaching text
    # on a log line (IF025), log entries whose heading line dates the lines below (IE023, IH015,
    # IH016)); also fixed: timed log lines joined as one wrapped sentence. The misses left are acts
    # of the day told after an earlier day's line, read as that day, and ages of an earlier part
    "tune_ie": (0.86, 0.97, 0.92), "tune_if": (0.93, 0.97, 0.92), "tune_ig": (0.90, 0.97, 0.92),
    "tune_ih": (0.90, 0.97, 0.92),
    # the session's last round (tune_iq/is/iu/iv, and tune_ix/iy written to the brief of the holdout
    # set of larger operations that scored .700): three wrong codes of 50, all fixed - a retrieval
    # team's adjustment 'before it was secured' (IQ006), a conversion's new cannula advanced 'after
    # serial dilation' and another 'before it was tied and secured' (IY019, IY017); the misses are
    # transfer and death summaries whose act of the day the rules do not tie to it (tune_iq)
    "tune_iq": (0.86, 0.97, 0.95), "tune_ix": (0.93, 0.97, 0.95), "tune_iy": (0.93, 0.97, 0.95),
    # four more sets to the same brief (first scores .867-.967, four wrong codes of 42, all fixed: a
    # VAD's 'LV apical EXCOR cannula' re-angled (IM030), '[X] Open tracheostomy' read as the cannula's
    # approach (IM009), 'Institution of central VA ECMO' after a Norwood (IL020), 'Neck dressing
    # opened' read as an incision (IJ006)); the misses are acts the rules leave to review
    "tune_ij": (0.90, 0.97, 0.95), "tune_im": (0.93, 0.97, 0.95),
    # the thirteenth session's last round: tune_ks (cath-lab records, first score .900, precision
    # 1.000) misses three acts the rules leave as no code or review
    "tune_ks": (0.90, 0.97, 0.95),
    # the fourteenth session's first round (tune_lq/ls/lt/lu: radiology reports, nursing and ECMO
    # specialist records, long summaries, notes in British/European English with lines in other
    # languages; first scores 1.000/1.000/.967/.867, one wrong code of 37, fixed: a decannulation's
    # 'withdrawn steadily and removed' (LU011)): tune_lu misses two acts written in Spanish and
    # Portuguese ('the cannula was advanced' in an English line under Spanish headers without an
    # approach word; 'canula re-avancada')
    "tune_lu": (0.93, 0.97, 0.95),
    # the last round (tune_oq/os/ou/ov: addenda and corrections, OCR'd scans, resuscitation notes,
    # transfer packets; first scores .867/.967/.967/.933, four wrong codes of 40, all fixed: a
    # retraction of 'the event note timed 11:20 above' (OQ002), an addendum 'attached to the wrong
    # encounter' (OQ027), the referring hospital's act under 'OUTSIDE RECORDS' (OV002) and 'after their
    # adjustment' (OV010)); tune_os misses an OCR'd act and age ('can\nnula', '23-rnonth-old': OS015)
    "tune_os": (0.95, 0.97, 0.92),
    # added at the fourteenth session's end (tune_pv/pw/px/py, written to the briefs of transfer
    # packets, running logs, long summaries and OCR'd scans; first scores .833/.867/.967/1.000,
    # precision .778/.750/.909/1.000, six wrong codes of 40): two fixed (PW010, PW025: a date alone
    # on its line without a year, or after a weekday, heads a log's entries); the other four in the
    # fifteenth session: PV003 (a page marker opening the line of a faxed note's title, 'PAGE 5 OF 7
    # ... PROCEDURE NOTE' over 'Date of service: 03/03', opens that note), PV011 (the aside in 'groin
    # cutdown incision (from OSH) opened' says where the incision came from, not when it was opened),
    # PW002 ('turned w/ cannula guard': 'w/' is 'with'), PX001 (the paragraph after a problem's
    # label, '#ARDS / VV ECMO - ... at bedside rotated ...', is not the header's words)
    "tune_pv": (0.90, 0.97, 0.84), "tune_pw": (0.96, 0.97, 0.95), "tune_px": (0.96, 0.97, 0.95),
    # the fifteenth session's round (tune_qp/qq/qs/qt/qu/qw: multi-patient rounds lists, plans and
    # orders, hospital-course narratives, adult cath-lab reports, chart prints, coding queries and
    # amended notes; first scores .800/1.000/.900/1.000/.900/.900, five wrong codes of 56, all
    # fixed: a rounds list's cannulation read as an old run by another bed's 'ECMO day 12' (QP020),
    # a note boxed between two rules dated by the next note's date (QU003), 'cannula noted pulled
    # back' (QU015), an '== OUTSIDE RECORDS ==' banner drawn with two rules (QU019), an addendum
    # to a progress note read as a procedure record (QW011)); the misses are acts the rules do not
    # tie to the day (QS003, QS005, QS006, QP008: 'Procedure 0700 (me, w/ Dr. Lee ...):' is no
    # header while a period is in it) and an amended age (QW020)
    "tune_qp": (0.93, 0.97, 0.95), "tune_qs": (0.90, 0.97, 0.95), "tune_qw": (0.93, 0.97, 0.92),
    # added at the fifteenth session's end (tune_rp/rq/rr/rs/rt/ru: approach read from the
    # description, end-of-stay summaries, transfer packets, notes about more than one person,
    # running logs, EHR procedure templates; first scores .833/.867/.900/.867/.900/.900, nine wrong
    # codes of 55): five fixed (RP009 'membrane partially reflected' is the open chest, RS019
    # 'options were ...', RT023 'on another ECMO pt', RU029 a form's field answered 'No', RT025 a log's embedded
    # 'PROCEDURE NOTE ... repositioning' title over 'not advanced'); four left, held here at the level they reached: RP012 ('groin site opened' under a 'Bedside' title,
    # the writer's review), RQ030 (the receiving hospital's act of the next day in an addendum),
    # RR020 (misfaxed pages of another patient: fixed in the sixteenth session, a page whose patient
    # field reads 'Pt: [different pt - ...]'); RR030 (the referring hospital's act on the date of
    # service, behind 'FAX FROM: X ... TO: Y') fixed at the session's end
    "tune_rp": (0.86, 0.87, 0.95), "tune_rq": (0.86, 0.87, 0.95), "tune_rr": (0.93, 0.90, 0.92),
    "tune_rs": (0.90, 0.97, 0.84), "tune_rt": (0.96, 0.97, 0.92), "tune_ru": (0.93, 0.97, 0.95),
    # the session's third round (tune_sp/sq/ss/st/sv/sw: copy-forward progress notes, perfusion
    # records, transfer packets, dictation and OCR'd faxes, consult notes, paediatric cardiac
    # surgery; first scores .933-.967, two wrong codes of 57): SV024 fixed ('fluoro check of
    # cannula position +/- repositioning' is asked for) and, at the session's end, SS024 (the
    # referring hospital's act 'at Delta Parish', named in a call log: 'Call from Dr. A (intensivist,
    # Delta Parish Hospital)')
    "tune_sw": (0.93, 0.97, 0.84),
    # the session's fourth round (tune_zp/zq/zr/zs/zu/zw, the writers' T-sets renamed Z: their
    # ids TP001... were taken by tune_p...; plans, other days, unclear approach, other people,
    # device tables, templates; first scores 1.000/1.000/.867/.967/.933/1.000, no wrong code of
    # 53): the misses are reviews where a code was due (ZR001/ZR006 fixed: 'Cutdown incision ...
    # left alone, not opened' says the cannula was moved at the skin, R11)
    "tune_zr": (0.93, 0.97, 0.92), "tune_zs": (0.96, 0.97, 0.92), "tune_zu": (0.93, 0.97, 0.95),
    # the sixteenth session's round (tune_up/uq/ur/us/ut/uu/uv/uw: transfer packets, multi-day
    # and cross-cover progress notes, plans in assessments, nursing/perfusion/RT records, claims
    # against narratives, unclear approach or age, imaging-driven notes, paediatric and neonatal
    # ECMO; first scores .833/.933/.967/.933/1.000/1.000/1.000/1.000, three wrong codes of 77, all
    # fixed: a packet opening with the referring hospital's fax header (UP002, 'FROM: X  FAX ...
    # TO: Y'; UP027, 'FAX  X  555-...  ->  Y'), a re-siting told as 'new cannula placed' (UR026)):
    # later also fixed: a transfer 'for' a repositioning (UP004), 'above and below the cannula
    # insertion' read as an insertion (UP028), 'Pt on VA ECMO via R neck cutdown (01/30 ...):' read
    # as a header dating the log below (US017); tune_us misses a cutdown-placed cannula moved at
    # the skin (R11 review, US023)
    # the session's second round (tune_vp/vq/vr/vu/vv/vw; vs and vt were drawn as holdout33 before
    # they were written): first scores on tune_vq/vr/vv/vw .833/.933/.967/.967, three wrong codes
    # of 37, all fixed: a decannulation's 'Fogarty passed proximally' (VV010), 'pulled out ... during
    # prone -> supine turn' (VW024), a course's 'DOL 3' read with the caller's date of birth (VQ023),
    # and on tune_vu (first score .967, one wrong code of 11) a log's '==== 04/10 ====' day banner (VU016);
    # tune_vq misses summaries' acts of the day and reviews where a code was due
    "tune_vq": (0.86, 0.97, 0.92), "tune_vp": (0.86, 0.97, 0.92), "tune_vr": (0.93, 0.97, 0.95),
    # (tune_vp: a femoral cannula moved at the groin skin during a re-sternotomy, listed as its own
    # 'percutaneous' procedure, is left to review as R12: VP015, VP028)
    # the session's third round (tune_wp/wq/wr/ws/wt/wu/ww: anaesthesia and intraoperative records,
    # paediatric cardiac ICU, very short notes and chat exports, notes mixing English with other
    # languages, quality and safety reports, trauma ICU, ECMO-supported cath-lab procedures; first
    # scores 1.000/.967/.900/.733/.933/.967/.933, two wrong codes of 56, both fixed: 'LA
    # decompression / ECMO cannula adjustment' read as a chest cannula (WW007), 'to expose the CFA'
    # against a percutaneous box (WU011); also 'almost-6-y/o' (WQ021)): tune_ws is written mostly in
    # French, Spanish and Portuguese, which the rules do not read (recall .200, precision 1.000);
    # tune_wr misses acts in one-line notes without a cannula word ('R fem drainage 15Fr ->
    # ADVANCED 2 cm') and an order comment's 's/p ... reposition by me' (WR023)
    "tune_wr": (0.90, 0.97, 0.84), "tune_ws": (0.73, 0.97, 0.61), "tune_wt": (0.93, 0.97, 0.95),
    # tune_wv (retrieval and transport; first score .933, precision 1.000, then 'cannula holders
    # repositioned' read as the cannula's act, WV028, fixed) misses a retrieval team's own
    # repositioning done at the referring hospital before transport (WV008, WV012)
    "tune_wv": (0.93, 0.97, 0.95),
    # holdout2-5 (270 notes): first scores .978 exact, .983 precision, .988 age; holdout6 (60),
    # holdout7 (90) and holdout8 (60) first scored .967 / .963 / .946, .956 / .975 / .930 and
    # .967 / .964 / .947; holdout9 (60) first scored .933 / .875 / 1.000; holdout10 (60),
    # holdout11 (120) and holdout12 (120), tenth session, 1.000 / 1.000 / 1.000, .967 / 1.000 /
    # .971 and .967 / .980 / 1.000; holdout13 (210) .938 / .976 / .950; holdout14 (120, eleventh
    # session) .925 / .978 / .971; holdout15 (120, eleventh session) .933 / 1.000 / .971; holdout16 (120) .983 / 1.000 / .986; holdout17 (120) .942 / .980 / .986; holdout18 (120) .958 / .962 / 1.000;
    # holdout19 (240, all eight sets of the last round) .933 / .968 / .971; holdout20 (120) .967 /
    # .981 / 1.000; holdout21 (120, twelfth session) .942 / 1.000 / .986; holdout22 (120) .958 /
    # .942 / 1.000; holdout23 (120, thirteenth session) .950 / 1.000 / .962; holdout24 (120) .950 /
    # .923 / .981; holdout25 (120) .917 / .912 / .925; holdout26 (120) .933 / .921 / .923;
    # holdout27 (120, fourteenth session) .925 / .970 / .942; holdout28 (120) .917 / .895 / .942; holdout29 (90) .978 / 1.000 / .949;
    # holdout30 (60, fifteenth session) .950 / .947 / .923; holdout31 (60) .883 / .875 / 1.000;
    # holdout32 (60) .933 / 1.000 / .923; holdout33 (60, sixteenth session: documents covering
    # several patients, coding queries/addenda/corrections) .850 / .923 / .808; holdout34 (60,
    # seventeenth session, the same two kinds by other writers) .850 / .875 / .889; holdout36 (60,
    # eighteenth session: unedited speech-recognition dictation, radiology reports) .917 / .957 /
    # .974; holdout37 (60: family-meeting and palliative notes, handoffs and e-ICU notes) .933 / .958
    # / 1.000 (holdout35 was drawn but never written); holdout38-42 (nineteenth session) .917 / 1.000,
    # .933 / .920, .967 / 1.000, .917 / .958, .967 / .962; holdout43-45 (twentieth) .983 / .966,
    # .900 / .857, .933 / 1.000; holdout51-52 (twenty-third session, four writers, the second
    # annotator agreed on every label) .983 / 1.000, 1.000 / 1.000; holdout53 (twenty-fourth session,
    # two writers, the second annotator agreed on every code; one review flag settled for the
    # writer's query) .983 / .966; holdout54 (twenty-fifth session, two writers, the second
    # annotator agreed on every code) .950 / 1.000; holdout55 (twenty-sixth session, a retrieval
    # network and its hub, and a private cardiothoracic practice; the second annotator agreed on every
    # code, differing on age only in two review notes) .983 / .966; holdout56 (a VA-style health system
    # and a paediatric/neonatal centre; full agreement) .950 / .963; holdout57 (twenty-seventh session, a
    # Pacific Northwest regional adult programme and a children's hospital sharing an ECMO team with its
    # adult hospital; the second annotator agreed on every code, differing on one review flag and one
    # review note's age) .917 / .871; holdout58 (twenty-eighth session, a Midwestern academic centre and a
    # Southern health system's exchange feed; the second annotator agreed on every code, differing on two
    # review flags and one review note's age, settled for the writers) 1.000 / 1.000; holdout60 (thirty-first
    # session, a Southern adult academic centre and a Canadian/UK-style children's hospital; the second
    # annotator agreed on every code, approach, age and review flag) .983 / .968; holdout61 and holdout62 (the
    # same session, four more writers, full agreement) .983 / 1.000 and .983 / .968; holdout63 (thirty-second
    # session, a Midwestern community-academic hybrid and a children's hospital; full agreement) 1.000 / 1.000;
    # holdout64 (the same session, a Northeastern quaternary centre and a Western integrated system's plain-text
    # export; full agreement) .983 / 1.000; holdout65 (the same session, a UK-style regional ECMO centre and a
    # US county trauma hospital; full agreement) .967 / .964
    "holdout": (0.95, 0.96, 0.95),
    # thirtieth session: adversarial long ICU documents (first score .900 / .929, age 1.000; GM021's
    # 'details are in Dr. X's operative note', GM008's dated attending-addendum heading and GM012's
    # 'I was the operating surgeon' fixed)
    "tune_gm30": (0.90, 0.92, 0.95),
    # thirty-first session: corrections, attestations and addenda (first score .967 / 1.000, age .950; GU015's
    # retracted block of another patient's text between markers, fixed)
    "tune_gu31": (0.95, 0.97, 0.94),
    # approach traps, age traps and feed formats (first scores exact / precision / age: GR .900 / 1.000 /
    # 1.000, GS .967 / 1.000 / .950, GT .967 / 1.000 / 1.000). Left: a central cannula re-angled in an event
    # note the day after a post-cardiotomy conversion told in the note's opening lines (GR013, read as its
    # insertion session); a neonate's neck cannula moved at the skin (GR005, a query); a room given to 'a 14
    # y/o DKA admission' read as the patient's age against meta (GS015, a query)
    "tune_gr31": (0.93, 0.97, 0.95), "tune_gs31": (0.95, 0.97, 0.94),
    # time traps, insertion/exchange traps, claims against narrative (first GW 1.000 / 1.000, GX .967 / 1.000
    # - GX010's new jugular cannula named after its noun, fixed -, GY 1.000 / 1.000): the common floor
    # other devices in ECMO patients (first GV .933 / .857: 'Prepped for ECMO cannula repositioning' over a
    # body that moved only the Impella, GV029, and a TandemHeart's inflow cannula after 'converted from ECMO
    # to TandemHeart pLVAD ... No oxygenator', GV019, both fixed) and long documents (GZ 1.000 / 1.000)
    # the session's third round (first scores exact / precision: Q7A non-physician documents .900 / .923, Q7B
    # paediatric cardiac .967 / .933, Q7C several patients .867 / .917, Q7D several acts .967 / 1.000, Q7E
    # international and mixed-language notes .600 / .750; Q7A018's two cannulae moved two ways, Q7B018's
    # ticked percutaneous box against a central narrative and Q7E006's year-first date of birth fixed). Left:
    # a template whose ticked percutaneous box and title code a note whose narrative act is read as bed 8's
    # ('Unlike bed 8's cannula last week, ... this one required the groin incision to be reopened', Q7C018);
    # notes partly in German, Spanish, Japanese and other languages (Q7E: 'Kanuele ... vorgeschoben', recall .27)
    "tune_q7a31": (0.93, 0.97, 0.95), "tune_q7c31": (0.86, 0.91, 0.88), "tune_q7e31": (0.63, 0.97, 0.63),
    # the session's fourth round (first scores exact / precision: Q8A bedside checks .933 / .923, Q8B
    # dislodgement .967 / 1.000, Q8C age ambiguity .933 / 1.000, Q8D hybrid and right-sided support .900 /
    # 1.000, Q8E other operations .967 / 1.000). Left: a structured note whose '[x] percutaneous' on the
    # procedure line stands against a narrative that re-opens the cutdown, whose open words are read as the
    # insertion's (Q8A022, coded 33958; the writer wants a query); age conflicts with a letter's or an old
    # H&P's age (Q8C004, Q8C012, reviews)
    "tune_q8a31": (0.93, 0.92, 0.94), "tune_q8c31": (0.93, 0.97, 0.88), "tune_q8d31": (0.90, 0.97, 0.94),
    # the thirty-second session's sets (first scores exact / precision: Q9A was it done .933 / .929, Q9B
    # approach 1.000 / 1.000, Q9C which device .933 / .875, Q9D long documents .967 / 1.000, Q9E near a
    # repositioning .900 / 1.000; Q9C015's 'Impella CP cannula' and Q9A018's move whose findings keep the
    # cannula at its mark fixed). Left: a ProtekDuo whose oxygenator may already be spliced out (Q9C030,
    # coded); a re-sited VA configuration read as a new cannula (Q9E012, Q9E025)
    "tune_q9a32": (0.93, 0.92, 0.95), "tune_q9c32": (0.93, 0.93, 0.95), "tune_q9e32": (0.90, 0.97, 0.95),
}


def _records(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def predictions(tmp_path_factory) -> dict[str, list[dict]]:
    """Every corpus through `ecmo-cpt extract`, all in one run of the CLI (one start-up, the
    default workers), each record's id prefixed with its corpus's name and split back after."""
    out = tmp_path_factory.mktemp("accuracy")
    names = ["dev", "styles", *TUNE, *HOLDOUT]
    notes, path = out / "all.jsonl", out / "all.out.jsonl"
    with notes.open("w", encoding="utf-8") as handle:
        for name in names:
            for record in _records(name):
                handle.write(json.dumps({**record, "id": f"{name}::{record['id']}"}) + "\n")
    done = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(notes), "-o", str(path), "-q"],
                          capture_output=True, timeout=1800)
    assert done.returncode == 0, done.stderr.decode()
    result: dict[str, list[dict]] = {name: [] for name in names}
    for line in path.read_text(encoding="utf-8").splitlines():
        prediction = json.loads(line)
        name, _, prediction["id"] = prediction["id"].partition("::")
        result[name].append(prediction)
    return result


def test_the_corpora_are_there():
    assert len(TUNE) >= 4 and len(HOLDOUT) >= 4
    assert sum(len(_records(name)) for name in HOLDOUT) >= 150


@pytest.mark.parametrize("name", ["dev", "styles", *TUNE, "holdout"])
def test_accuracy_floor(predictions, name):
    names = HOLDOUT if name == "holdout" else [name]
    gold = [r for n in names for r in _records(n)]
    predicted = [p for n in names for p in predictions[n]]
    result = evaluate(gold, predicted)
    exact, precision, age = FLOORS[name]
    assert result["exact_match"] >= exact, (result["exact_match"], result["wrong"] if name != "holdout" else "")
    assert result["codes"]["precision"] >= precision, result["codes"]
    assert result["on_repositioning_notes"]["age_years"] >= age


@pytest.mark.parametrize("name", ["dev", "styles", *TUNE, *HOLDOUT])
def test_no_note_fails_inside_the_extractor(predictions, name):
    """Every note of every corpus is read to an answer: none ends as an internal error."""
    failed = [(p["id"], p.get("error")) for p in predictions[name] if p.get("rule") == "ERROR"]
    assert not failed, failed


@pytest.mark.parametrize("name", ["dev", "styles", *TUNE, *HOLDOUT])
def test_every_evidence_span_quotes_the_note_as_given(predictions, name):
    """Offsets index the original text (CRLF, BOM, HL7 escapes, hyphenated line breaks kept)."""
    texts = {r["id"]: r["text"] for r in _records(name)}
    checked = 0
    for record in predictions[name]:
        for item in record["evidence"]:
            assert texts[record["id"]][item["start"]:item["end"]] == item["text"], (record["id"], item)
            checked += 1
    assert checked > 0
