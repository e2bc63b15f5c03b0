" lfc stacks: *.lf
autocmd BufRead,BufNewFile *.lf setfiletype lf
