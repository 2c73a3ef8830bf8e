/**
 * Small built-in lexicon (common English and Spanish words, lowercase, accents dropped because the
 * models have no accented classes). Used only to break ties between close readings, never to invent text.
 */
const EN = `a about above after again all also am an and any are as ask at away back be because been before
being best big both but by call came can car cat come could day did do does dog done down each end even
every eye far feel few find first five for four from get give go good got great had has have he her here
him his home how i if in into is it its just keep kind know last left let life like line little live long
look made make man many may me men more most mother much must my name need never new next night no not now
number of off old on once one only open or other our out over own page part people place play please put
read red right room run said same saw say school see seen she should show side small so some soon start
still stop such take talk tell ten than thank thanks that the their them then there these they thing think
this those three through time to today too took tree try two under up us use very walk want was water way
we well went were what when where which while white who why will with word work world would write year yes
yet you your hello hi bye ok okay love help mamba home test cab bed fox box zoo sun moon star cup map pen
hat red blue green black yellow milk tea coffee food city house book text note call mom dad boy girl`;
const ES = `a al algo ahora aqui asi bien bueno buena buenos buenas casa como con cual cuando de del donde dos el
ella ellas ellos en entre era es esa ese eso esta este esto estoy fue gracias hay hola hoy la las le les
lo los mal mas me mi mucho muy nada no nos nosotros o otra otro para pero poco por porque que quien se
si sin sobre solo son su sus tambien tengo tiene todo todos tres tu un una uno usted va vamos ver y ya yo
agua amigo amor ano adios calle cosa dia dinero gato hombre libro madre mujer mundo noche nombre nuevo
padre palabra perro por favor pueblo rojo sol tiempo trabajo vida vez azul verde negro blanco leche cafe
mesa silla casa nino nina hermano hermana escribir leer hablar comer beber manana tarde semana`;

export const WORDS: ReadonlySet<string> = new Set(`${EN} ${ES}`.split(/\s+/).filter(Boolean));

export function isWord(w: string): boolean {
  return WORDS.has(w.toLowerCase());
}
