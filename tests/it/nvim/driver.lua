-- Drives `lfc lsp` from Neovim's built-in LSP client (0.11), headless, the way
-- a user does: diagnostics as `vim.diagnostic` holds them, hover, completion,
-- a definition jump, a quick fix and the formatter applied to the buffer, an
-- error typed and fixed, and a rename applied across files.
-- Inputs from the environment: LFC_BIN, LFC_FILE (the stack's main file, which
-- holds `timeout = 5m`), LFC_OUT (where the JSON of what the editor saw is
-- written).
-- Exit codes: 0 ok, 3 a wait timed out, 4 a request failed, 5 setup error.
local out_path = os.getenv("LFC_OUT")
local seen = {}

local function finish(code, extra)
  for k, v in pairs(extra or {}) do
    seen[k] = v
  end
  local f = io.open(out_path, "w")
  f:write(vim.json.encode(seen))
  f:close()
  vim.cmd("cquit " .. code)
end

local ok, err = pcall(function()
  local file = os.getenv("LFC_FILE")
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = "lf"
  local client_id = vim.lsp.start({
    name = "lfc",
    cmd = { os.getenv("LFC_BIN"), "lsp" },
    root_dir = vim.fs.dirname(file),
  }, { bufnr = buf })
  if not client_id then
    finish(5, { stage = "start" })
  end
  local client = vim.lsp.get_client_by_id(client_id)

  local function wait(stage, condition)
    if not vim.wait(15000, condition, 10) then
      finish(3, { stage = stage })
    end
  end
  local function diagnostics()
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(out, {
        code = d.code, lnum = d.lnum, col = d.col, end_col = d.end_col,
        severity = d.severity, message = d.message,
      })
    end
    return out
  end
  local function lines(b)
    return vim.api.nvim_buf_get_lines(b or buf, 0, -1, false)
  end
  local function line_with(needle, b)
    for i, l in ipairs(lines(b)) do
      local col = l:find(needle, 1, true)
      if col then
        return i - 1, col - 1, l
      end
    end
    finish(5, { stage = "`" .. needle .. "` not in the buffer" })
  end
  -- LSP parameters at `needle` (plus `skip` bytes) in the buffer.
  local function at(needle, skip)
    local row, col = line_with(needle)
    vim.api.nvim_win_set_cursor(0, { row + 1, col + skip })
    return vim.lsp.util.make_position_params(0, client.offset_encoding)
  end
  local function request(method, params)
    local replies = vim.lsp.buf_request_sync(buf, method, params, 10000)
    local reply = replies and replies[client_id]
    if not reply or reply.err then
      finish(4, { stage = method, reply = reply })
    end
    return reply.result
  end

  wait("diagnostics", function()
    return #vim.diagnostic.get(buf) > 0
  end)
  seen.diagnostics = diagnostics()

  seen.hover = request("textDocument/hover", at("on sqs jobs", 8)).contents.value
  local items = request("textDocument/completion", at("on sqs jobs", 7))
  seen.completion = {}
  for _, item in ipairs(items.items or items) do
    table.insert(seen.completion, item.label)
  end

  -- The quick fix for the diagnostic, applied to the buffer as `gra` would.
  local d = vim.diagnostic.get(buf)[1]
  local actions = request("textDocument/codeAction", {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = d.user_data.lsp.range,
    context = { diagnostics = { d.user_data.lsp } },
  })
  vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding)
  local _, _, fixed = line_with("timeout")
  wait("diagnostics cleared by the quick fix", function()
    return #vim.diagnostic.get(buf) == 0
  end)
  seen.code_action = { title = actions[1].title, line = fixed, after = diagnostics() }

  -- Typing: a misspelt queue name, then the right one again.
  seen.did_change = {}
  for _, step in ipairs({ { "jobs", "jbos", true }, { "jbos", "jobs", false } }) do
    local row, col = line_with("on sqs " .. step[1])
    vim.api.nvim_buf_set_text(buf, row, col + 7, row, col + 11, { step[2] })
    wait("diagnostics after typing `" .. step[2] .. "`", function()
      return (#vim.diagnostic.get(buf) > 0) == step[3]
    end)
    table.insert(seen.did_change, { typed = step[2], diagnostics = diagnostics() })
  end

  -- Go to definition: the cursor lands on the queue's name in the other file.
  at("on sqs jobs", 8)
  vim.lsp.buf.definition()
  wait("definition jump", function()
    return vim.api.nvim_get_current_buf() ~= buf
  end)
  local cursor = vim.api.nvim_win_get_cursor(0)
  seen.definition = {
    file = vim.fs.basename(vim.api.nvim_buf_get_name(0)),
    row = cursor[1] - 1, col = cursor[2],
    word = vim.fn.expand("<cword>"),
  }
  local lib = vim.api.nvim_get_current_buf()
  vim.api.nvim_set_current_buf(buf)

  -- Formatting: a badly laid out line, then `vim.lsp.buf.format`.
  local row = line_with("  runtime = python3.13")
  vim.api.nvim_buf_set_lines(buf, row, row + 1, false, { "runtime   =python3.13" })
  local before = table.concat(lines(), "\n") .. "\n"
  vim.lsp.buf.format({ bufnr = buf, timeout_ms = 10000 })
  seen.formatting = { before = before, after = table.concat(lines(), "\n") .. "\n" }

  -- Rename: both buffers edited (the other file is loaded for the edit).
  at("on sqs jobs", 8)
  vim.lsp.buf.rename("work_queue")
  wait("rename", function()
    return table.concat(lines(), "\n"):find("on sqs work_queue", 1, true) ~= nil
  end)
  local _, _, main_line = line_with("on sqs")
  seen.rename = { main = main_line, lib = table.concat(lines(lib), "\n") .. "\n" }

  finish(0)
end)
if not ok then
  finish(5, { stage = "lua", error = tostring(err) })
end
