import { Box, Text } from "ink";
import { useState } from "react";
import type { UserQuestion } from "../../store/state.js";
import { keyHints } from "../keymap.js";
import { sanitize, sanitizeLine } from "../sanitize.js";
import { TextField } from "./TextField.js";

/** A bare number picks that option; anything else is the answer as typed. */
export function answerFor(question: UserQuestion, typed: string): string {
  const n = Number(typed.trim());
  const option = Number.isInteger(n) && question.options ? question.options[n - 1] : undefined;
  return option ?? typed.trim();
}

/** A question the agent asked through our ask_user tool; the answer goes back as the tool result. */
export function AskUserCard({ question, onAnswer }: { question: UserQuestion; onAnswer(text: string): void }) {
  const [text, setText] = useState("");
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} marginTop={1}>
      <Text bold color="cyan">
        The agent asks (ask_user)
      </Text>
      <Text>{sanitize(question.question)}</Text>
      {question.options?.map((o, i) => <Text key={i}>{`${i + 1}. ${sanitizeLine(o)}`}</Text>)}
      <Box>
        <Text color="cyan">{"› "}</Text>
        <TextField
          value={text}
          onChange={setText}
          onSubmit={(typed) => typed.trim() && onAnswer(answerFor(question, typed))}
          focus
          placeholder={question.options ? "a number or your own answer" : "your answer"}
        />
      </Box>
      <Text color="gray">{keyHints("ask")}</Text>
    </Box>
  );
}
