-- Drives `lfc lsp` from Neovim's built-in LSP client (0.11), headless.
-- Inputs from the environment: LFC_BIN, LFC_FILE, LFC_HOVER_LINE/CHAR,
-- LFC_OUT (where the JSON of what the editor saw is written).
-- Exit codes: 0 ok, 3 no diagnostics arrived, 4 a request failed, 5 setup error.
local out_path = os.getenv("LFC_OUT")

local function finish(code, result)
  local f = io.open(out_path, "w")
  f:write(vim.json.encode(result))
  f:close()
  vim.cmd("cquit " .. code)
end

local ok, err = pcall(function()
  local file = os.getenv("LFC_FILE")
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = "lf"
  local client = vim.lsp.start({
    name = "lfc",
    cmd = { os.getenv("LFC_BIN"), "lsp" },
    root_dir = vim.fs.dirname(file),
  }, { bufnr = buf })
  if not client then
    finish(5, { stage = "start" })
  end
  local arrived = vim.wait(15000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 20)
  if not arrived then
    finish(3, { stage = "diagnostics" })
  end
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(diagnostics, {
      code = d.code, lnum = d.lnum, col = d.col, end_col = d.end_col,
      severity = d.severity, message = d.message,
    })
  end
  local position = {
    line = tonumber(os.getenv("LFC_HOVER_LINE")),
    character = tonumber(os.getenv("LFC_HOVER_CHAR")),
  }
  local params = { textDocument = vim.lsp.util.make_text_document_params(buf), position = position }
  local function request(method)
    local replies = vim.lsp.buf_request_sync(buf, method, params, 10000)
    local reply = replies and replies[client]
    if not reply or reply.err then
      finish(4, { stage = method, reply = reply })
    end
    return reply.result
  end
  local hover = request("textDocument/hover")
  local definition = request("textDocument/definition")
  finish(0, { diagnostics = diagnostics, hover = hover.contents.value, definition = definition })
end)
if not ok then
  finish(5, { stage = "lua", error = tostring(err) })
end
