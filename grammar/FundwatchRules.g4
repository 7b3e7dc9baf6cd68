// The fundwatch rule language. Parsed by ANTLR4; the parse tree becomes our
// own AST in exactly one place (grammar/ast_builder.cpp). Names are checked
// against the data contract later, by the checker, not here: the grammar is
// deliberately permissive so that mistakes get precise diagnostics instead of
// syntax errors.
grammar FundwatchRules;

file : item* EOF ;

// One expression alone: the holes of message templates.
exprOnly : expr EOF ;

item
  : paramDecl
  | listDecl
  | macroDecl
  | defineDecl
  | excludeDecl
  | exceptionDecl
  | ruleDecl
  ;

// param readmit_days = 15d "分解住院: 两次住院间隔天数"
paramDecl : PARAM name=ident '=' value=literal doc=STRING? ;

// list 拒收类别 = ["拒收", "推诿"]
listDecl : LIST name=ident '=' '[' (literal (',' literal)* ','?)? ']' doc=STRING? ;

// macro 备案覆盖(g, d) = g.status == "1" and g.begndate <= d
macroDecl : MACRO name=ident ('(' ident (',' ident)* ')')? '=' expr ;

// define 应判定订单 "..." = from vbp_order o ...
defineDecl : DEFINE name=ident doc=STRING? '=' query ;

// exclude setl s where s.refd_setl_flag == 1 because "冲销结算不作为证据"
excludeDecl : EXCLUDE table=ident alias=ident WHERE cond=expr BECAUSE reason=STRING ;

// exception PRC-CEIL when f.fixmedins_code in 议价机构 because "..."
exceptionDecl : EXCEPTION ruleId=RULE_ID WHEN cond=expr BECAUSE reason=STRING ;

ruleDecl : RULE ruleId=RULE_ID name=STRING '{' metaEntry* query output* '}' ;

metaEntry : key=ident ':' metaValue ;
metaValue
  : STRING                                         #metaString
  | ident                                          #metaWord
  | NUMBER                                         #metaNumber
  | '[' (metaValue (',' metaValue)* ','?)? ']'     #metaList
  ;

query
  : FROM source alias=ident
    joinClause*
    letClause*
    whereClause?
    groupClause?
    windowClause?
    aggLet*
    havingClause?
    sequenceClause?
  ;

source
  : RULE RULE_ID    #ruleSource
  | ident           #namedSource
  ;

joinClause : OPTIONAL? JOIN table=ident alias=ident ON cond=expr asOf? ;
asOf : AS OF expr ;
letClause : LET ident '=' expr ;
whereClause : WHERE expr ;
groupClause : GROUP BY expr (',' expr)* ;
windowClause : WINDOW length=expr ON time=expr ;
aggLet : LET ident '=' expr ;
havingClause : HAVING expr ;

sequenceClause
  : SEQUENCE (BY expr (',' expr)*)? ORDER BY expr (',' expr)* '{' step+ unless? '}' ;
step : STEP ident WHEN expr ;
unless : UNLESS expr ;

output
  : KEY keyItem (',' keyItem)*     #keyOutput
  | AMOUNT expr                     #amountOutput
  | MESSAGE STRING                  #messageOutput
  | PATIENT expr                    #patientOutput
  | INSTITUTION expr                #institutionOutput
  ;
keyItem : (ident '=')? expr ;

expr
  : primary                                                  #primaryExpr
  | expr '.' ident                                           #fieldExpr
  | '-' expr                                                 #negExpr
  | expr op=('*' | '/') expr                                 #mulExpr
  | expr op=('+' | '-') expr                                 #addExpr
  | expr op=('==' | '!=' | '<' | '<=' | '>' | '>=') expr     #compareExpr
  | expr IS NOT? NULL_                                        #isNullExpr
  | expr NOT? IN expr                                        #inExpr
  | NOT expr                                                 #notExpr
  | expr AND expr                                            #andExpr
  | expr OR expr                                             #orExpr
  ;

primary
  : literal                                                  #literalPrimary
  | '(' expr ')'                                             #parenPrimary
  | '[' (expr (',' expr)* ','?)? ']'                         #listPrimary
  | IF expr THEN expr ELSE expr END                          #ifPrimary
  | name=ident '(' subquery ')'                              #subqueryPrimary
  | name=ident '(' var=ident IN list=expr WHERE cond=expr ')'  #quantifierPrimary
  | name=ident '(' (expr (',' expr)*)? ')'                   #callPrimary
  | ident                                                    #namePrimary
  ;

// exists(erx e where ...), count(vbp_delivery d where ...),
// sum(d.delivered_qty for vbp_delivery d where ...)
subquery : (value=expr FOR)? source alias=ident asOf? WHERE cond=expr ;

literal
  : STRING      #stringLiteral
  | NUMBER      #numberLiteral
  | DURATION    #durationLiteral
  | DATE        #dateLiteral
  | TRUE_        #trueLiteral
  | FALSE_       #falseLiteral
  | NULL_        #nullLiteral
  ;

// Keywords that may also name things (fields, metadata keys).
ident
  : ID
  | KEY | AMOUNT | MESSAGE | PATIENT | INSTITUTION | STEP | ORDER | WINDOW | LIST | PARAM
  ;

PARAM : 'param' ;
LIST : 'list' ;
MACRO : 'macro' ;
DEFINE : 'define' ;
EXCLUDE : 'exclude' ;
EXCEPTION : 'exception' ;
BECAUSE : 'because' ;
RULE : 'rule' ;
FROM : 'from' ;
OPTIONAL : 'optional' ;
JOIN : 'join' ;
ON : 'on' ;
AS : 'as' ;
OF : 'of' ;
LET : 'let' ;
WHERE : 'where' ;
GROUP : 'group' ;
BY : 'by' ;
WINDOW : 'window' ;
HAVING : 'having' ;
SEQUENCE : 'sequence' ;
ORDER : 'order' ;
STEP : 'step' ;
WHEN : 'when' ;
UNLESS : 'unless' ;
KEY : 'key' ;
AMOUNT : 'amount' ;
MESSAGE : 'message' ;
PATIENT : 'patient' ;
INSTITUTION : 'institution' ;
FOR : 'for' ;
AND : 'and' ;
OR : 'or' ;
NOT : 'not' ;
IN : 'in' ;
IS : 'is' ;
NULL_ : 'null' ;
TRUE_ : 'true' ;
FALSE_ : 'false' ;
IF : 'if' ;
THEN : 'then' ;
ELSE : 'else' ;
END : 'end' ;

RULE_ID : [A-Z] [A-Z0-9]* ('-' [A-Z0-9]+)+ ;
DATE : [0-9] [0-9] [0-9] [0-9] '-' [0-9] [0-9] '-' [0-9] [0-9] ;
DURATION : [0-9]+ [dhms] ;
NUMBER : [0-9]+ ('.' [0-9]+)? ;
STRING : '"' (~["\\\r\n] | '\\' .)* '"' ;
// A string missing its closing quote on its line: reported, then skipped.
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' .)* -> channel(HIDDEN) ;
ID : [\p{L}_] [\p{L}\p{N}_]* ;

LINE_COMMENT : ('#' | '//') ~[\r\n]* -> skip ;
WS : [ \t\r\n\u3000]+ -> skip ;
// Anything else is one bad character: the parser reports it with its place.
ERROR_CHAR : . -> channel(HIDDEN) ;
