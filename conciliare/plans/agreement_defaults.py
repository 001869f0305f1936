"""The default template of the convenzione between an ATS and the lead body
(ente capofila) of a funded project, and the placeholders its text may use.

The text follows the structure of the convenzioni the ATS sign with the
capofila of the alliances (premesse, oggetto, durata, contributo e modalità
di erogazione, obblighi e rendicontazione, controlli e revoca, trattamento
dei dati, disposizioni finali). It is Italian on purpose: it is the text of a
legal act, not an interface string, and it is the same in every language of
the site.
"""

from decimal import Decimal
from typing import Final

#: What each placeholder of the text stands for (shown beside the form).
PLACEHOLDERS: Final[dict[str, str]] = {
    "capofila": "denominazione dell'ente capofila",
    "alleanza": "nome dell'alleanza",
    "progetto": "titolo del progetto",
    "codice": "codice del progetto",
    "contributo": "contributo assegnato",
    "anticipo": "importo dell'anticipo",
    "saldo": "importo del saldo",
    "ats": "denominazione dell'ATS",
    "piano": "titolo del Piano Territoriale",
    "atto": "atto di approvazione del Piano",
}

#: Percent of the grant paid on signature. No regional act fixes it: 50 is a
#: common choice of the ATS's convenzioni, and each ATS sets its own in the
#: template (0 = everything as the balance, 100 = everything in advance).
DEFAULT_ADVANCE_SHARE: Final = Decimal("50.00")
#: The interim report, so many months after the signature.
DEFAULT_INTERIM_REPORT_MONTHS: Final = 12
#: The final report and accounts, within so many days of the end of the work.
DEFAULT_FINAL_REPORT_DAYS: Final = 60
#: Percent of each statement's self-declarations drawn at random for
#: verification. DGR XI/1017/2018 asks the ATS to verify "a sample" and fixes
#: no size: 10 is the documented example, each ATS sets its own.
DEFAULT_SAMPLE_SHARE: Final = Decimal("10.00")
#: The e-mail reminder so many days before a report falls due, and the
#: reminder so many days after, while it is still missing.
DEFAULT_REMINDER_DAYS_BEFORE: Final = 15
DEFAULT_REMINDER_DAYS_AFTER: Final = 7

DEFAULT_BODY: Final = """\
CONVENZIONE PER LA REALIZZAZIONE DEL PROGETTO «{progetto}» (codice {codice})

TRA

{ats}, di seguito «ATS», nella persona del legale rappresentante o di un suo delegato,

E

{capofila}, ente capofila dell'alleanza locale di conciliazione «{alleanza}», di seguito «Ente capofila», nella persona del legale rappresentante o di un suo delegato,

PREMESSO CHE

- Regione Lombardia promuove le reti territoriali per la conciliazione dei tempi di vita e di lavoro, articolate nelle alleanze locali coordinate dalle ATS;
- l'ATS ha approvato il {piano} con {atto}, validato da Regione Lombardia, che comprende il progetto «{progetto}» presentato dall'alleanza «{alleanza}»;
- l'Ente capofila ha accettato il contributo assegnato e si impegna a realizzare il progetto come approvato;

SI CONVIENE E SI STIPULA QUANTO SEGUE

Art. 1 – Oggetto
La presente convenzione regola i rapporti tra l'ATS e l'Ente capofila per la realizzazione del progetto «{progetto}» (codice {codice}), secondo il piano delle attività, il piano economico e il partenariato approvati.

Art. 2 – Durata
La convenzione decorre dalla data di sottoscrizione e resta in vigore fino all'approvazione della rendicontazione finale e all'erogazione del saldo. Le attività si svolgono nel periodo indicato nel progetto approvato; eventuali proroghe sono autorizzate per iscritto dall'ATS su richiesta motivata dell'Ente capofila.

Art. 3 – Contributo e modalità di erogazione
L'ATS riconosce all'Ente capofila un contributo di {contributo}, erogato come segue:
a) anticipo di {anticipo} alla sottoscrizione della presente convenzione;
b) saldo di {saldo} all'approvazione della rendicontazione finale.
Il saldo è ridotto in proporzione qualora le spese ammissibili rendicontate risultino inferiori al costo totale approvato, fermo restando il cofinanziamento minimo a carico dei partner. L'Ente capofila ripartisce il contributo tra i partner secondo il piano economico approvato.

Art. 4 – Obblighi dell'Ente capofila
L'Ente capofila si impegna a:
a) realizzare le attività nei tempi e nei modi previsti dal progetto approvato, coordinando i partner dell'alleanza;
b) comunicare tempestivamente all'ATS ogni variazione del partenariato, delle attività o del piano economico, che deve essere autorizzata prima di essere attuata;
c) tenere una contabilità separata o una codifica contabile adeguata per le spese del progetto e conservare la documentazione per almeno cinque anni;
d) indicare in ogni comunicazione che il progetto è realizzato con il contributo di Regione Lombardia e dell'ATS nell'ambito del Piano Territoriale di conciliazione.

Art. 5 – Monitoraggio e rendicontazione
L'Ente capofila trasmette all'ATS la relazione intermedia sullo stato di avanzamento delle attività e sugli indicatori di risultato e, al termine delle attività, la relazione finale con la rendicontazione delle spese sostenute, entro le scadenze indicate nel prospetto allegato alla presente convenzione.

Art. 6 – Controlli e revoca
L'ATS può effettuare in qualsiasi momento verifiche, anche in loco, sulla realizzazione delle attività e sulla documentazione di spesa. Il contributo è revocato, in tutto o in parte, con recupero delle somme già erogate, qualora il progetto non sia realizzato o sia realizzato in modo difforme da quanto approvato senza autorizzazione, qualora non siano rispettate le scadenze di rendicontazione o qualora emergano dichiarazioni non veritiere.

Art. 7 – Trattamento dei dati personali
Le parti trattano i dati personali connessi all'esecuzione della presente convenzione nel rispetto del Regolamento (UE) 2016/679 e del d.lgs. 196/2003, per le sole finalità della convenzione. L'Ente capofila e i partner agiscono quali titolari autonomi dei dati dei destinatari delle attività e ne forniscono all'ATS soltanto in forma aggregata, salvo quanto necessario ai controlli.

Art. 8 – Disposizioni finali
Per quanto non previsto si rinvia alla normativa vigente e agli atti di Regione Lombardia sulla conciliazione dei tempi di vita e di lavoro. La presente convenzione è sottoscritta con firma digitale ai sensi del d.lgs. 82/2005.
"""
