-- TRC-REFLOW 疑似回流药: a code is sold (a sale not undone by a later
-- sale_return) and afterwards a purchase_in of the same code occurs, at any
-- institution. Order: (event_time, event_id).
-- Reading (as the rule pack's sequence): "sold" is judged at the moment of the
-- purchase_in, i.e. the last sale/sale_return event before the purchase_in is
-- a sale; a sale_return after the purchase_in does not undo it.
-- The last sale/sale_return before each row is found with one running MAX over
-- the preceding rows of an encoded position: 2*rn+1 for a sale, 2*rn for a
-- sale_return (rn = position in the code's order); odd = a sale.
-- As in TRC-DUP, trac_event rows are not subject to the reversed-settlement
-- exclusion.
WITH numbered AS (
  SELECT e.drug_trac_codg, e.event_type,
         ROW_NUMBER() OVER (PARTITION BY e.drug_trac_codg
                            ORDER BY e.event_time, e.event_id) AS rn
  FROM trac_event e
  WHERE e.event_type IN ('sale', 'sale_return', 'purchase_in')
),
state AS (
  SELECT drug_trac_codg, event_type,
         MAX(CASE event_type WHEN 'sale' THEN 2 * rn + 1
                             WHEN 'sale_return' THEN 2 * rn END)
           OVER (PARTITION BY drug_trac_codg ORDER BY rn
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS last_sale_or_return
  FROM numbered
)
SELECT DISTINCT drug_trac_codg
FROM state
WHERE event_type = 'purchase_in'
  AND last_sale_or_return % 2 = 1;
