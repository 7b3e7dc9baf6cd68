-- TRC-DUP 追溯码重复销售: taking one code's trac_event rows in the order
-- (event_time, event_id), a sale occurs while the code is already sold: there
-- has been an earlier sale not undone by a sale_return after it.
-- Equivalent form used here: among the code's sale and sale_return events, a
-- sale whose immediately preceding one (in that order) is a sale. (If the
-- preceding one is a sale, that sale is not undone; if it is a sale_return,
-- every earlier sale has a sale_return after it.) purchase_in and
-- purchase_return do not change the sold state.
-- trac_event rows are not settlements or fee lines: the reversed-settlement
-- exclusion does not apply to them.
WITH ordered AS (
  SELECT e.drug_trac_codg, e.event_type,
         LAG(e.event_type) OVER (PARTITION BY e.drug_trac_codg
                                 ORDER BY e.event_time, e.event_id) AS prev_type
  FROM trac_event e
  WHERE e.event_type IN ('sale', 'sale_return')
)
SELECT DISTINCT drug_trac_codg
FROM ordered
WHERE event_type = 'sale'
  AND prev_type = 'sale';
