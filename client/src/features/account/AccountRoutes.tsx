// First: before any shared schema is built (see zodConfig.ts).
import '../../zodConfig.js';
import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../landing/NotFoundPage.js';
import { AccountPage, ConfirmEmailPage, ForgotPasswordPage, ResetPasswordPage, SignInPage, SignUpPage, VerifyPage } from './AccountPages.js';

/**
 * The account pages under `/account`, loaded only when visited: they bring
 * the shared schemas (zod) that the programme and the rooms do without.
 */
export default function AccountRoutes() {
  return (
    <Routes>
      <Route index element={<AccountPage />} />
      <Route path="sign-up" element={<SignUpPage />} />
      <Route path="sign-in" element={<SignInPage />} />
      <Route path="verify" element={<VerifyPage />} />
      <Route path="forgot" element={<ForgotPasswordPage />} />
      <Route path="reset" element={<ResetPasswordPage />} />
      <Route path="email" element={<ConfirmEmailPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
