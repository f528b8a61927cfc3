import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../dialogs/ConfirmDialog.js';

interface Question {
  title: string;
  body: string;
  confirmText: string;
  /** The way out, when "Cancel" would read as the action itself ("Cancel my place"): "Keep my place". */
  cancelText?: string;
  /** Runs once the person confirms (the dialog is closed first). */
  act(): void;
}

/**
 * Confirm, then act: `ask` opens the dialog, `dialog` is where it renders.
 * The one way to ask before anything destructive or public (deleting,
 * unpublishing, taking back a role, giving up a place).
 */
export function useConfirm(): { ask(question: Question): void; dialog: ReactNode } {
  const { t } = useTranslation();
  const [question, setQuestion] = useState<Question | null>(null);
  const dialog = question && (
    <ConfirmDialog
      title={question.title}
      body={question.body}
      confirmText={question.confirmText}
      cancelText={question.cancelText ?? t('confirm.cancel')}
      onCancel={() => setQuestion(null)}
      onConfirm={() => {
        setQuestion(null);
        question.act();
      }}
    />
  );
  return { ask: setQuestion, dialog };
}
