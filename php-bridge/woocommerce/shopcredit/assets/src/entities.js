// wp.htmlEntities.decodeEntities when present (it always is on the block checkout).
export const decodeEntities = (s) => (window.wp && window.wp.htmlEntities ? window.wp.htmlEntities.decodeEntities(String(s)) : String(s));
