" Vim/Neovim syntax for lfc's .lf files (the same scopes as
" editors/vscode/syntaxes/lf.tmLanguage.json, in Vim's own syntax language).
if exists("b:current_syntax")
  finish
endif

syn keyword lfInclude import
syn keyword lfDeclaration var output param stack function layer role bucket queue topic table stream api workflow
syn keyword lfKeyword on allow inline s3
syn keyword lfTrigger http schedule sqs sns dynamodb kinesis event contained
syn keyword lfBoolean true false
syn match lfOn "\<on\s\+\w\+" contains=lfKeyword,lfTrigger
syn match lfNumber "\<-\?\d[0-9_]*\(\.\d\+\)\?\a*\>"
syn match lfKey "\<\h\w*\>\ze\s*[={]"
syn match lfEscape "\\." contained
syn region lfInterpolation start="\${" end="}" contained
syn region lfString start=+"+ skip=+\\.+ end=+"\|$+ contains=lfEscape,lfInterpolation oneline
syn region lfRawString start=+"""+ end=+"""+
syn match lfComment "#.*$"

hi def link lfInclude Include
hi def link lfDeclaration Structure
hi def link lfKeyword Keyword
hi def link lfTrigger Type
hi def link lfBoolean Boolean
hi def link lfNumber Number
hi def link lfKey Identifier
hi def link lfEscape SpecialChar
hi def link lfInterpolation Special
hi def link lfString String
hi def link lfRawString String
hi def link lfComment Comment

setlocal commentstring=#\ %s
let b:current_syntax = "lf"
